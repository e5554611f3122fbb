import { runCommand } from '../commands/appCommands';
import type { OutsideObject } from '../editor/framing/frameCheck';
import { useFrameReport } from '../editor/framing/useFrameReport';
import { exportStore } from '../export/exportStore';
import { PreviewMode, previewStore } from '../preview/previewStore';
import { studioStore, useStudio } from '../state/store';
import { currentTake, playbackFps } from './playback';
import { useTakeFrames } from './takeFrames';
import { TakePicker } from './TakePicker';
import { timelineStore, useTimelineView } from './timelineStore';
import { usePlaybackClock } from './usePlaybackClock';
import './timelineCommands';
import './timeline.css';

/** Paths always; the control points come from the live preview, so the overlay switches it on. */
function setOverlay(on: boolean): void {
  timelineStore.getState().setOverlay(on);
  if (on && previewStore.getState().mode === PreviewMode.off)
    previewStore.getState().setMode(PreviewMode.points);
}

/**
 * The timeline: play, pause, loop, scrub and step (, and .) the control preview or a take at its fps;
 * choose the take, compare two side by side, overlay the trajectories, export.
 */
export function TimelineStrip() {
  usePlaybackClock();
  const frame = useStudio((s) => s.frame);
  const frameCount = useStudio((s) => s.frameCount);
  const playing = useStudio((s) => s.playing);
  const loop = useStudio((s) => s.loop);
  const fps = useStudio(playbackFps);
  const take = useStudio(currentTake);
  const hasImage = useStudio((s) => s.document.image !== null);
  const overlay = useTimelineView((s) => s.overlay);
  // A take's frames as thumbnails in its cells (the same decoded images playback uses).
  const loaded = useTakeFrames(take?.id ?? null);
  const thumbs = loaded === null || loaded instanceof Error ? null : loaded;
  // The frames where a path leaves the generation frame (the document's, so not over a take's frames).
  const report = useFrameReport();
  const outside = take ? null : outsideByFrame(report.outside);
  return (
    <section className="timeline shell__timeline" aria-label="Timeline">
      <header className="timeline__header">
        <Transport playing={playing} loop={loop} hasImage={hasImage} />
        <span className="timeline__readout" data-testid="frame-readout">
          Frame {frame + 1} / {frameCount} · {fps} fps
        </span>
        <TakePicker />
        <label className="timeline__check">
          <input
            type="checkbox"
            checked={overlay}
            disabled={!take}
            onChange={(e) => setOverlay(e.target.checked)}
          />
          Overlay paths
        </label>
        <button
          type="button"
          className="btn"
          disabled={!hasImage}
          onClick={() => exportStore.getState().open(take?.id ?? null)}
        >
          Export…
        </button>
      </header>
      <input
        className="timeline__scrub"
        type="range"
        min={0}
        max={Math.max(0, frameCount - 1)}
        step={1}
        value={frame}
        aria-label="Scrub frames"
        data-testid="scrubber"
        onChange={(e) => {
          studioStore.getState().setPlaying(false);
          studioStore.getState().setFrame(Number(e.target.value));
        }}
      />
      <FrameCells frame={frame} frameCount={frameCount} thumbs={thumbs} outside={outside} />
    </section>
  );
}

const STEPS = [
  { label: 'Previous frame', key: ',', command: 'timeline.prevFrame', glyph: '‹' },
  { label: 'Next frame', key: '.', command: 'timeline.nextFrame', glyph: '›' },
] as const;

/** Play/pause, previous and next frame, loop. */
function Transport({ playing, loop, hasImage }: { playing: boolean; loop: boolean; hasImage: boolean }) {
  return (
    <>
      <button
        type="button"
        className="btn btn--icon"
        disabled={!hasImage}
        aria-label={playing ? 'Pause' : 'Play'}
        title={`${playing ? 'Pause' : 'Play'} (K)`}
        onClick={() => void runCommand('timeline.playPause')}
      >
        {playing ? '❚❚' : '▶'}
      </button>
      {STEPS.map(({ label, key, command, glyph }) => (
        <button
          key={command}
          type="button"
          className="btn btn--icon"
          aria-label={label}
          title={`${label} (${key})`}
          onClick={() => void runCommand(command)}
        >
          {glyph}
        </button>
      ))}
      <button
        type="button"
        className={`btn btn--icon${loop ? ' timeline__toggle--on' : ''}`}
        aria-pressed={loop}
        aria-label="Loop"
        title="Loop"
        onClick={() => studioStore.getState().setLoop(!loop)}
      >
        ⟲
      </button>
    </>
  );
}

/** One cell per frame (a take's frame as its thumbnail when there is one); a click shows that frame. */
function FrameCells({
  frame,
  frameCount,
  thumbs,
  outside,
}: {
  frame: number;
  frameCount: number;
  thumbs: readonly string[] | null;
  outside: ReadonlyMap<number, string[]> | null;
}) {
  const frames = Array.from({ length: frameCount }, (_, i) => i);
  return (
    <ol className="timeline__frames" style={{ gridTemplateColumns: `repeat(${frameCount}, minmax(0, 1fr))` }}>
      {frames.map((i) => (
        <li
          key={i}
          className={`timeline__frame${i === frame ? ' timeline__frame--current' : ''}${thumbs?.[i] ? ' timeline__frame--thumb' : ''}${outside?.has(i) ? ' timeline__frame--outside' : ''}`}
          style={thumbs?.[i] ? { backgroundImage: `url("${thumbs[i]}")` } : undefined}
          title={outside?.has(i) ? `Outside the frame here: ${outside.get(i)?.join(', ')}` : undefined}
          onClick={() => {
            studioStore.getState().setPlaying(false);
            studioStore.getState().setFrame(i);
          }}
        >
          {frameCount <= 32 || i % 4 === 0 ? i + 1 : ''}
        </li>
      ))}
    </ol>
  );
}

/** Frame index -> the names of the objects whose path is outside the generation frame there. */
function outsideByFrame(outside: readonly OutsideObject[]): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const o of outside) for (const f of o.frames) m.set(f, [...(m.get(f) ?? []), o.name]);
  return m;
}
