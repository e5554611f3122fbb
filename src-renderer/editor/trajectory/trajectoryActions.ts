import { defaultKeyframes, keyframeProblem, type Easing } from '../../../src-shared/control/timing';
import type { Trajectory } from '../../../src-shared/project/schema';
import type { EditorObject, StudioDocument } from '../../state/documentSlice';

/**
 * Pure trajectory edits `(doc, objectId, ...) => doc`. Each returns the same document when nothing
 * changes (no empty undo steps). Easing stays one entry per segment (n - 1) after every edit.
 */
export type TrajectoryPoint = Trajectory['points'][number];

/** LeviTor depth lies in (0, 1]; the reference's nearest value is 1/255 (Dn = 255). */
export const MIN_DEPTH = 1 / 255;
export const MAX_DEPTH = 1;

export function clampDepth(d: number): number {
  if (!Number.isFinite(d)) return MAX_DEPTH;
  return Math.min(MAX_DEPTH, Math.max(MIN_DEPTH, d));
}

const EMPTY: Trajectory = { points: [], timing: 'uniform', easing: [] };

function withTrajectory(
  doc: StudioDocument,
  objectId: string,
  edit: (t: Trajectory, o: EditorObject) => Trajectory,
): StudioDocument {
  const index = doc.objects.findIndex((o) => o.id === objectId);
  const obj = doc.objects[index];
  if (!obj) return doc;
  const before = obj.trajectory ?? EMPTY;
  const after = edit(before, obj);
  if (after === before) return doc;
  const trajectory = after.points.length === 0 ? null : { ...after, easing: fitEasing(after) };
  const objects = doc.objects.slice();
  objects[index] = { ...obj, trajectory };
  return { ...doc, objects };
}

function fitEasing(t: Trajectory): Easing[] {
  const n = Math.max(0, t.points.length - 1);
  if (t.easing.every((e) => e === 'linear')) return [];
  return Array.from({ length: n }, (_, i) => t.easing[i] ?? 'linear');
}

const rounded = (v: number) => Math.round(v * 100) / 100;
const point = (x: number, y: number, depth: number): TrajectoryPoint => ({
  x: rounded(x),
  y: rounded(y),
  depth: clampDepth(depth),
});

/** A frame for a new point between keyframes a and b (exclusive), or undefined when none is free. */
function frameBetween(a: number, b: number): number | undefined {
  const f = Math.round((a + b) / 2);
  return f > a && f < b ? f : undefined;
}

/** Appends a point at the end of the path (keyframed: one frame after the last, capped by `frames`). */
export function addPoint(
  doc: StudioDocument,
  objectId: string,
  x: number,
  y: number,
  depth: number,
  frames: number,
): StudioDocument {
  return withTrajectory(doc, objectId, (t) => {
    const p = point(x, y, depth);
    const last = t.points[t.points.length - 1];
    if (t.timing === 'keyframed' && last?.frame !== undefined) {
      const f = frameBetween(last.frame, frames);
      if (f !== undefined) p.frame = f;
    }
    const easing = t.easing.length > 0 ? [...t.easing, 'linear' as const] : [];
    return { ...t, points: [...t.points, p], easing };
  });
}

/** Inserts a point after point `after` (0-based), on the segment after -> after + 1. */
export function insertPoint(
  doc: StudioDocument,
  objectId: string,
  after: number,
  x: number,
  y: number,
  depth: number,
): StudioDocument {
  return withTrajectory(doc, objectId, (t) => {
    if (after < 0 || after >= t.points.length - 1) return t;
    const p = point(x, y, depth);
    const a = t.points[after]?.frame;
    const b = t.points[after + 1]?.frame;
    if (t.timing === 'keyframed' && a !== undefined && b !== undefined) {
      const f = frameBetween(a, b);
      if (f !== undefined) p.frame = f;
    }
    const points = [...t.points.slice(0, after + 1), p, ...t.points.slice(after + 1)];
    // The split segment's easing carries to both halves.
    const e = t.easing[after];
    const easing =
      t.easing.length > 0 && e
        ? [...t.easing.slice(0, after + 1), e, ...t.easing.slice(after + 1)]
        : t.easing;
    return { ...t, points, easing };
  });
}

export function movePoint(doc: StudioDocument, objectId: string, index: number, x: number, y: number) {
  return updatePoint(doc, objectId, index, (p) => ({ ...p, x: rounded(x), y: rounded(y) }));
}

export function setPointDepth(doc: StudioDocument, objectId: string, index: number, depth: number) {
  return updatePoint(doc, objectId, index, (p) => ({ ...p, depth: clampDepth(depth) }));
}

function updatePoint(
  doc: StudioDocument,
  objectId: string,
  index: number,
  edit: (p: TrajectoryPoint) => TrajectoryPoint,
): StudioDocument {
  return withTrajectory(doc, objectId, (t) => {
    const p = t.points[index];
    if (!p) return t;
    const next = edit(p);
    if (next.x === p.x && next.y === p.y && next.depth === p.depth && next.frame === p.frame) return t;
    const points = t.points.slice();
    points[index] = next;
    return { ...t, points };
  });
}

/** Removes point `index`; the last point removed leaves no trajectory (null). */
export function deletePoint(doc: StudioDocument, objectId: string, index: number): StudioDocument {
  return withTrajectory(doc, objectId, (t) => {
    if (!t.points[index]) return t;
    const points = t.points.filter((_, i) => i !== index);
    // The merged segment keeps the easing of the segment before the removed point.
    const cut = Math.min(index, t.easing.length - 1);
    const easing = t.easing.length > 0 ? t.easing.filter((_, i) => i !== cut) : [];
    return { ...t, points, easing };
  });
}

/** Switching to keyframed fills missing frames with the uniform ones; back to uniform keeps them stored. */
export function setTiming(
  doc: StudioDocument,
  objectId: string,
  timing: Trajectory['timing'],
  frames: number,
): StudioDocument {
  return withTrajectory(doc, objectId, (t) => {
    if (t.timing === timing) return t;
    if (timing === 'uniform') return { ...t, timing };
    const defaults = defaultKeyframes(t.points.length, frames);
    const keep = keyframeProblem(t.points, frames) === null;
    const points = t.points.map((p, k) => ({ ...p, frame: keep ? p.frame : defaults[k] }));
    return { ...t, timing, points };
  });
}

/**
 * Sets point `index`'s keyframe; refused (returns an explanation and the same document) unless it is an
 * integer within [0, frames - 1] strictly between its neighbours' frames.
 */
export function setPointFrame(
  doc: StudioDocument,
  objectId: string,
  index: number,
  frame: number,
  frames: number,
): { doc: StudioDocument; error: string | null } {
  const t = doc.objects.find((o) => o.id === objectId)?.trajectory;
  const p = t?.points[index];
  if (!t || !p) return { doc, error: 'No such point.' };
  const candidate = t.points.map((q, k) => (k === index ? { ...q, frame } : q));
  const problem = keyframeProblem(candidate, frames);
  if (problem) return { doc, error: `Frame ${frame + 1} is not allowed: ${problem}.` };
  return { doc: updatePoint(doc, objectId, index, (q) => ({ ...q, frame })), error: null };
}

export function setEasing(doc: StudioDocument, objectId: string, segment: number, easing: Easing) {
  return withTrajectory(doc, objectId, (t) => {
    const n = t.points.length - 1;
    if (segment < 0 || segment >= n || (t.easing[segment] ?? 'linear') === easing) return t;
    const all = Array.from({ length: n }, (_, i): Easing =>
      i === segment ? easing : (t.easing[i] ?? 'linear'),
    );
    return { ...t, easing: all };
  });
}
