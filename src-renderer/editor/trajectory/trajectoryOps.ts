import { studioStore } from '../../state/store';
import type { StudioState } from '../../state/types';
import type { EditorObject } from '../../state/documentSlice';
import { selectedObject } from '../objects/objectOps';
import { sceneDepthAt } from '../depth/sceneDepth';
import { stepRelative } from './relativeDepth';
import { deletePoint, setPointDepth, type TrajectoryPoint } from './trajectoryActions';
import { selectPoint, trajectoryUi } from './trajectoryUi';

/** Used when there is no depth map yet: the middle of the reference's usual scene range. */
export const FALLBACK_DEPTH = 0.5;

/**
 * The object the trajectory tool edits, or undefined after saying why not (no dead ends): no object
 * selected, a static object (it never moves) or a locked one. The hint goes away when this resolves.
 */
export function trajectoryTarget(state: StudioState = studioStore.getState()): EditorObject | undefined {
  const obj = selectedObject(state);
  const block = !obj ? 'noObject' : obj.kind === 'static' ? 'static' : obj.locked ? 'locked' : null;
  trajectoryUi.setState({ block });
  return block ? undefined : obj;
}

/**
 * Initial depth of a new point: the scene depth Z0 under it (docs/levitor-method.md section 1: the UI's depth
 * for reference at a click is Z0[y, x]); without a depth map, the previous point's depth.
 */
export function initialDepth(x: number, y: number, previous: TrajectoryPoint | undefined): number {
  return sceneDepthAt(studioStore.getState(), x, y) ?? previous?.depth ?? FALLBACK_DEPTH;
}

/** The selected point, when it still exists (undo may remove it). */
export function selectedPoint(): { obj: EditorObject; index: number; point: TrajectoryPoint } | null {
  const sel = trajectoryUi.getState().selected;
  if (!sel) return null;
  const obj = studioStore.getState().document.objects.find((o) => o.id === sel.objectId);
  const point = obj?.trajectory?.points[sel.index];
  return obj && point ? { obj, index: sel.index, point } : null;
}

export function deleteSelectedPoint(): boolean {
  const sel = selectedPoint();
  if (!sel || sel.obj.locked) return false;
  studioStore.getState().updateDocument((d) => deletePoint(d, sel.obj.id, sel.index));
  const left = sel.obj.trajectory?.points.length ?? 1;
  selectPoint(left > 1 ? sel.obj.id : null, Math.max(0, sel.index - 1));
  return true;
}

/** The depth the selected object starts at (its first point): what relative distances refer to. */
export function startDepth(obj: EditorObject, fallback: number): number {
  return obj.trajectory?.points[0]?.depth ?? fallback;
}

/**
 * Depth keys: `notches` distance steps nearer (< 0) or farther (> 0) for the selected point, fine (12 per
 * doubling) or coarse (2 per doubling), relative to where the object starts (relativeDepth.ts).
 */
export function nudgeSelectedDepth(notches: number, coarse = false): boolean {
  const sel = selectedPoint();
  if (!sel || sel.obj.locked) return false;
  const start = startDepth(sel.obj, sel.point.depth);
  const depth = stepRelative(sel.point.depth, start, notches, coarse);
  studioStore.getState().updateDocument((d) => setPointDepth(d, sel.obj.id, sel.index, depth));
  return true;
}
