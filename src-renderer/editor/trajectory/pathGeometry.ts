import { interpolateTrack, linspace, pchip } from '../../../src-shared/control/pchip';
import { timedPoints, type TimedTrajectory } from '../../../src-shared/control/timing';

export interface PathPoint {
  readonly x: number;
  readonly y: number;
  readonly depth: number;
}

/** Samples per segment for drawing: smooth at any zoom, cheap enough to redo on every drag move. */
const SAMPLES_PER_SEGMENT = 24;

/**
 * The PCHIP curve through the points with the control engine's parameterisation (t_k = k / (n - 1),
 * src-shared/control/pchip.ts), densely sampled for drawing and hit testing. `segment[i]` is the
 * segment (0 .. n-2) sample i lies on. Empty for fewer than two points.
 */
export function densePath(points: readonly PathPoint[]): { points: PathPoint[]; segment: number[] } {
  const n = points.length;
  if (n < 2) return { points: [], segment: [] };
  const m = (n - 1) * SAMPLES_PER_SEGMENT + 1;
  const knots = linspace(0, 1, n);
  const ts = linspace(0, 1, m);
  const xs = pchip(
    knots,
    points.map((p) => p.x),
    ts,
  );
  const ys = pchip(
    knots,
    points.map((p) => p.y),
    ts,
  );
  const ds = pchip(
    knots,
    points.map((p) => p.depth),
    ts,
  );
  const out: PathPoint[] = [];
  const segment: number[] = [];
  for (let i = 0; i < m; i++) {
    out.push({ x: xs[i] as number, y: ys[i] as number, depth: ds[i] as number });
    segment.push(Math.min(n - 2, Math.floor(i / SAMPLES_PER_SEGMENT)));
  }
  return { points: out, segment };
}

/**
 * Where the object is at each of the F frames, exactly as the control engine samples it: the timed
 * points (timing.ts) through the engine's interpolateTrack (a per-frame list passes through unchanged).
 */
export function framePositions(t: TimedTrajectory, frames: number): PathPoint[] {
  const pts = timedPoints(t, frames);
  if (pts.length === 0) return [];
  const track = (k: 'x' | 'y' | 'depth') =>
    interpolateTrack(
      pts.map((p) => p[k]),
      frames,
    );
  const [xs, ys, ds] = [track('x'), track('y'), track('depth')];
  return Array.from({ length: frames }, (_, f) => ({
    x: xs[f] as number,
    y: ys[f] as number,
    depth: ds[f] as number,
  }));
}

/** Index of the point within `radius` of (x, y) nearest to it (the last drawn wins ties), or -1. */
export function hitPoint(points: readonly PathPoint[], x: number, y: number, radius: number): number {
  let best = -1;
  let bestD = radius;
  points.forEach((p, i) => {
    const d = Math.hypot(p.x - x, p.y - y);
    if (d <= bestD) [best, bestD] = [i, d];
  });
  return best;
}

/** The segment whose curve passes within `radius` of (x, y), closest first, or -1. */
export function hitSegment(points: readonly PathPoint[], x: number, y: number, radius: number): number {
  const { points: dense, segment } = densePath(points);
  let best = -1;
  let bestD = radius;
  for (let i = 0; i + 1 < dense.length; i++) {
    const d = distanceToSegment(dense[i] as PathPoint, dense[i + 1] as PathPoint, x, y);
    if (d <= bestD) [best, bestD] = [segment[i] as number, d];
  }
  return best;
}

function distanceToSegment(a: PathPoint, b: PathPoint, x: number, y: number): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / len2));
  return Math.hypot(a.x + u * dx - x, a.y + u * dy - y);
}
