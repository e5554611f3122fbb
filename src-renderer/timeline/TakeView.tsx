import { useLayoutEffect, useRef, useState } from 'react';
import type { Take } from '../../src-shared/project/schema';
import { studioStore, useStudio } from '../state/store';
import { currentTake } from './playback';
import { TakeOverlay } from './TakeOverlay';
import { useTakeFrames } from './takeFrames';
import { timelineStore, useTimelineView } from './timelineStore';

function useBoxSize(): [React.RefObject<HTMLDivElement | null>, { w: number; h: number }] {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    setSize({ w: el.clientWidth, h: el.clientHeight });
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}

function TakePane({
  take,
  index,
  frame,
  overlay,
}: {
  take: Take;
  index: number;
  frame: number;
  overlay: boolean;
}) {
  const frames = useTakeFrames(take.id);
  const [ref, size] = useBoxSize();
  // Fit the frame in the pane (pixel-exact upscale of small takes looks right with pixelated).
  const scale = Math.min(size.w / take.width, size.h / take.height) || 0;
  const w = Math.floor(take.width * scale);
  const h = Math.floor(take.height * scale);
  const count = take.frames?.count ?? 1;
  const f = Math.min(frame, count - 1);
  const url = Array.isArray(frames) ? frames[f] : undefined;
  return (
    <figure className="take-pane" data-testid="take-pane">
      <figcaption className="take-pane__caption">
        {take.starred ? '★ ' : ''}
        {take.name || `Take ${index + 1}`} · seed {take.seedUsed} · {take.width}×{take.height} · {take.fps}{' '}
        fps
      </figcaption>
      <div className="take-pane__area" ref={ref}>
        {frames instanceof Error ? (
          <p className="muted">The frames of this take are not available: {frames.message}</p>
        ) : url ? (
          <div className="take-pane__box" style={{ width: w, height: h }}>
            <img
              className="take-pane__img"
              style={{ imageRendering: scale >= 3 ? 'pixelated' : 'auto' }}
              src={url}
              alt={`Take ${index + 1}, frame ${f + 1}`}
              data-testid="take-frame"
              draggable={false}
            />
            {overlay && <TakeOverlay take={take} frame={f} count={count} />}
          </div>
        ) : (
          <p className="muted">Loading frames…</p>
        )}
      </div>
    </figure>
  );
}

/** A generated take over the canvas area (the editor stays underneath), or two side by side. */
export function TakeView() {
  const take = useStudio(currentTake);
  const takes = useStudio((s) => s.document.takes);
  const frame = useStudio((s) => s.frame);
  const compareId = useTimelineView((s) => s.compareTakeId);
  const overlay = useTimelineView((s) => s.overlay);
  if (!take) return null;
  const other = compareId && compareId !== take.id ? takes.find((t) => t.id === compareId) : undefined;
  return (
    <div className={`take-view${other ? ' take-view--split' : ''}`} data-testid="take-view">
      <TakePane take={take} index={takes.indexOf(take)} frame={frame} overlay={overlay} />
      {other && <TakePane take={other} index={takes.indexOf(other)} frame={frame} overlay={overlay} />}
      <button
        type="button"
        className="btn take-view__back"
        onClick={() => {
          const s = studioStore.getState();
          s.setSource({ kind: 'preview' }, s.document.settings.frames);
          timelineStore.getState().setCompare(null);
        }}
      >
        Back to editing
      </button>
    </div>
  );
}
