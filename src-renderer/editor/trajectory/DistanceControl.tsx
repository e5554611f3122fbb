import { useEffect, useId, useRef } from 'react';
import { beginGesture, endGesture, studioStore } from '../../state/store';
import {
  apparentSize,
  depthOfRelative,
  describeRelative,
  describeSize,
  FINE_STEPS_PER_DOUBLING,
  relativeLimits,
  relativeOf,
  stepRelative,
} from './relativeDepth';
import { MAX_DEPTH, MIN_DEPTH, setPointDepth } from './trajectoryActions';
import { wheelDelta, wheelNotch } from './wheelBurst';

const KEY_STEPS: Readonly<Record<string, [notches: number, coarse: boolean]>> = {
  ArrowRight: [1, false],
  ArrowUp: [1, false],
  ArrowLeft: [-1, false],
  ArrowDown: [-1, false],
  PageUp: [1, true],
  PageDown: [-1, true],
};

/**
 * The selected point's distance relative to where the object starts (the first point), as a slider over
 * the whole LeviTor range on a log scale (left = nearer, right = farther) with the ratio and the apparent
 * size it gives. Dragging snaps to 12 steps per doubling; the wheel and arrow keys step finely, Shift (or
 * Page Up/Down) coarsely (2 per doubling). One drag or one wheel burst is one undo step.
 */
export function DistanceControl({
  objectId,
  index,
  depth,
  start,
}: {
  objectId: string;
  index: number;
  depth: number;
  start: number;
}) {
  const id = useId();
  const r = relativeOf(depth, start);
  const lim = relativeLimits(start);
  const set = (d: number) =>
    studioStore.getState().updateDocument((doc) => setPointDepth(doc, objectId, index, d));
  const step = (notches: number, coarse: boolean) => set(stepRelative(depth, start, notches, coarse));
  const slider = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const el = slider.current;
    if (!el) return undefined;
    // Not React's onWheel: that listener is passive, and the panel would scroll under the wheel.
    const onWheel = (e: WheelEvent) => {
      const delta = wheelDelta(e);
      if (delta === 0 || e.ctrlKey) return;
      e.preventDefault();
      wheelNotch();
      // The document as it is now (a fast burst may run ahead of React's render), like the canvas:
      // wheel up = nearer.
      const pts = studioStore.getState().document.objects.find((o) => o.id === objectId)?.trajectory?.points;
      const p = pts?.[index];
      if (!p || !pts[0]) return;
      const depth = stepRelative(p.depth, pts[0].depth, delta > 0 ? 1 : -1, e.shiftKey);
      studioStore.getState().updateDocument((doc) => setPointDepth(doc, objectId, index, depth));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [objectId, index]);
  const fromSlider = (v: number) => {
    // The ends are the LeviTor limits exactly; in between, snapped to the fine grid.
    if (v <= Math.log2(lim.min)) return set(MIN_DEPTH);
    if (v >= Math.log2(lim.max)) return set(MAX_DEPTH);
    const snapped = Math.round(v * FINE_STEPS_PER_DOUBLING) / FINE_STEPS_PER_DOUBLING;
    set(depthOfRelative(2 ** snapped, start).depth);
  };
  const limitNote =
    depth <= MIN_DEPTH
      ? `The nearest depth LeviTor can encode (1/255, ${describeRelative(lim.min)}): it cannot come nearer.`
      : depth >= MAX_DEPTH
        ? `The farthest depth LeviTor can encode (1, ${describeRelative(lim.max)}): it cannot go farther.`
        : null;
  return (
    <div className="distance" data-testid="point-distance">
      <div className="distance__head">
        <label className="gen-field__label" htmlFor={id}>
          Distance from start
        </label>
        <span className="distance__value" data-testid="point-distance-value">
          {describeRelative(r)} · {describeSize(apparentSize(depth, start))}
        </span>
      </div>
      <input
        id={id}
        type="range"
        className="distance__slider"
        data-testid="point-distance-slider"
        min={Math.log2(lim.min)}
        max={Math.log2(lim.max)}
        step="any"
        value={Math.log2(r)}
        aria-valuetext={`${describeRelative(r)}, ${describeSize(apparentSize(depth, start))}`}
        title={`From ${describeRelative(lim.min)} to ${describeRelative(lim.max)} (the LeviTor depth range 1/255 – 1). Wheel or arrow keys: fine steps; Shift+wheel or Page Up/Down: coarse steps.`}
        ref={slider}
        onPointerDown={() => {
          // One drag, one undo step; the release may happen outside the slider.
          beginGesture(studioStore);
          window.addEventListener('pointerup', () => endGesture(studioStore), { once: true });
        }}
        onChange={(e) => fromSlider(Number(e.target.value))}
        onKeyDown={(e) => {
          if (e.key === 'Home' || e.key === 'End') {
            e.preventDefault();
            set(e.key === 'Home' ? MIN_DEPTH : MAX_DEPTH);
            return;
          }
          const k = KEY_STEPS[e.key];
          if (!k) return;
          e.preventDefault();
          step(k[0], k[1] || e.shiftKey);
        }}
      />
      <div className="distance__scale muted" aria-hidden="true">
        <span>nearer</span>
        <span>farther</span>
      </div>
      {limitNote && (
        <p className="traj-inspector__warn" role="status" data-testid="point-distance-limit">
          {limitNote}
        </p>
      )}
    </div>
  );
}
