import type Konva from 'konva';
import { useEffect } from 'react';
import { beginGesture, endGesture, studioStore } from '../../state/store';
import { Tool } from '../../state/uiSlice';
import type { CanvasPointer, PointerHandlers } from '../segment/canvasPointer';
import { toPointer } from '../segment/canvasPointer';
import { densePath, hitPoint, hitSegment } from './pathGeometry';
import { stepRelative } from './relativeDepth';
import { addPoint, insertPoint, movePoint, setPointDepth, type TrajectoryPoint } from './trajectoryActions';
import { initialDepth, startDepth, trajectoryTarget } from './trajectoryOps';
import { selectPoint, trajectoryUi } from './trajectoryUi';
import { HANDLE_OFFSET, POINT_HIT_RADIUS } from './trajectoryStyle';
import { settleWheel, wheelDelta, wheelNotch } from './wheelBurst';

/** Hit distances in screen pixels (divided by the zoom for image pixels). */
const HIT_POINT = 6;
const HIT_CURVE = 6;
/** Screen pixels of vertical handle drag per fine distance step (48 px = twice as far). */
const HANDLE_PX_PER_STEP = 4;

type Drag =
  | { readonly kind: 'point'; readonly objectId: string; readonly index: number }
  | {
      readonly kind: 'handle';
      readonly objectId: string;
      readonly index: number;
      readonly startY: number;
      readonly startDepth: number;
      /** the object's start depth: steps are distance ratios relative to it */
      readonly reference: number;
    };

let drag: Drag | null = null;

const scale = () => studioStore.getState().viewport.scale;
const frames = () => studioStore.getState().document.settings.frames;

/** The point under the pointer (index) or its depth handle, for the selected trajectory. */
function hitTest(points: readonly TrajectoryPoint[], p: CanvasPointer, objectId: string) {
  const s = scale();
  const sel = trajectoryUi.getState().selected;
  if (sel?.objectId === objectId) {
    const q = points[sel.index];
    if (q) {
      const hy = q.y - HANDLE_OFFSET / s;
      if (Math.hypot(p.image.x - q.x, p.image.y - hy) <= (HIT_POINT + 2) / s)
        return { handle: sel.index, point: -1 };
    }
  }
  const radius = POINT_HIT_RADIUS / s;
  return { handle: -1, point: hitPoint(points, p.image.x, p.image.y, radius) };
}

/**
 * Press: on the depth handle -> drag depth; on a point -> select and drag it; on the curve -> insert a point
 * there (depth from the curve, so the path keeps its shape); elsewhere -> append a point (depth = scene
 * depth under it). Each press + drag is one undo step (beginGesture ... endGesture).
 */
export const trajectoryHandlers: PointerHandlers = {
  down: (p) => {
    releaseFocus();
    const obj = trajectoryTarget();
    if (!obj) return false;
    const points = obj.trajectory?.points ?? [];
    const { handle, point } = hitTest(points, p, obj.id);
    const { updateDocument } = studioStore.getState();
    beginGesture(studioStore);
    if (handle >= 0) {
      const depth = points[handle]?.depth ?? 0.5;
      const reference = startDepth(obj, depth);
      drag = {
        kind: 'handle',
        objectId: obj.id,
        index: handle,
        startY: p.screen.y,
        startDepth: depth,
        reference,
      };
      return undefined;
    }
    if (point >= 0) {
      selectPoint(obj.id, point);
      drag = { kind: 'point', objectId: obj.id, index: point };
      return undefined;
    }
    const segment = hitSegment(points, p.image.x, p.image.y, HIT_CURVE / scale());
    if (segment >= 0) {
      const dense = densePath(points).points;
      const near = dense[hitPoint(dense, p.image.x, p.image.y, Infinity)];
      const depth = near?.depth ?? points[segment]?.depth ?? 0.5;
      updateDocument((d) => insertPoint(d, obj.id, segment, p.image.x, p.image.y, depth));
      selectPoint(obj.id, segment + 1);
      drag = { kind: 'point', objectId: obj.id, index: segment + 1 };
      return undefined;
    }
    const depth = initialDepth(p.image.x, p.image.y, points[points.length - 1]);
    updateDocument((d) => addPoint(d, obj.id, p.image.x, p.image.y, depth, frames()));
    selectPoint(obj.id, points.length);
    drag = { kind: 'point', objectId: obj.id, index: points.length };
    return undefined;
  },
  drag: (p) => {
    const d = drag;
    if (!d) return;
    const { updateDocument } = studioStore.getState();
    if (d.kind === 'point')
      updateDocument((doc) => movePoint(doc, d.objectId, d.index, p.image.x, p.image.y));
    else {
      // Up = nearer (smaller depth), like pulling the point towards the viewer.
      const steps = Math.round((p.screen.y - d.startY) / HANDLE_PX_PER_STEP);
      const depth = stepRelative(d.startDepth, d.reference, steps);
      updateDocument((doc) => setPointDepth(doc, d.objectId, d.index, depth));
    }
  },
  up: () => {
    drag = null;
    endGesture(studioStore);
  },
};

/**
 * The canvas press is default-prevented (no focus change), so a number field typed in before would keep
 * the keyboard and swallow the shortcuts (Delete, arrows): working on the canvas leaves the field.
 */
export function releaseFocus(): void {
  const el = document.activeElement;
  if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)
    el.blur();
}

/**
 * Wheel over a point of the selected trajectory changes its distance (up = nearer; fine steps, Shift =
 * coarse) instead of zooming: the event is stopped at the stage container, before the canvas view's zoom
 * handler. A burst of wheel notches is one undo step (the gesture ends after a short pause).
 */
export function useTrajectoryWheel(stage: Konva.Stage | null, active: boolean): void {
  useEffect(() => {
    if (!stage || !active) return undefined;
    const el = stage.container();
    const onWheel = (e: WheelEvent) => {
      const delta = wheelDelta(e);
      if (e.ctrlKey || delta === 0) return;
      const s = studioStore.getState();
      if (s.tool !== Tool.Trajectory) return;
      const obj = s.document.objects.find((o) => o.id === s.selection[0]);
      const points = obj?.trajectory?.points ?? [];
      if (!obj || obj.locked || points.length === 0) return;
      const p = toPointer(stage, e);
      const { point } = hitTest(points, p, obj.id);
      const q = points[point];
      if (!q) return;
      e.preventDefault();
      e.stopPropagation();
      selectPoint(obj.id, point);
      wheelNotch();
      const depth = stepRelative(q.depth, startDepth(obj, q.depth), Math.sign(delta), e.shiftKey);
      s.updateDocument((d) => setPointDepth(d, obj.id, point, depth));
    };
    // A key (Ctrl+Z) right after wheeling must see the wheel burst as a finished step.
    const settle = settleWheel;
    el.addEventListener('wheel', onWheel, { passive: false });
    window.addEventListener('keydown', settle, true);
    return () => {
      el.removeEventListener('wheel', onWheel);
      window.removeEventListener('keydown', settle, true);
      settle();
    };
  }, [stage, active]);
}
