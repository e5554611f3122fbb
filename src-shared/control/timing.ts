/**
 * Trajectory timing on top of the reference PCHIP (docs/levitor-method.md section 3). The reference samples the
 * PCHIP curve at F uniform parameters (t_k = k/(n-1) per click); that is 'uniform' timing and stays exactly
 * the engine's own sampling. 'keyframed' timing (and non-linear easing) keeps the same curve but changes
 * WHEN each point is reached: the result is one point per frame, which the engine's PCHIP then passes
 * through unchanged (F points sampled at their own F knots).
 */
import { linspace, pchip } from './pchip';

export const Easing = {
  Linear: 'linear',
  EaseIn: 'easeIn',
  EaseOut: 'easeOut',
  EaseInOut: 'easeInOut',
} as const;
export type Easing = (typeof Easing)[keyof typeof Easing];

export interface TimedPoint {
  readonly x: number;
  readonly y: number;
  readonly depth: number;
  readonly frame?: number | undefined;
}

export interface TimedTrajectory {
  readonly points: readonly TimedPoint[];
  readonly timing: 'uniform' | 'keyframed';
  /** One per segment (n - 1) or empty (= all linear). */
  readonly easing: readonly Easing[];
}

/** Maps local segment progress u in [0, 1] to eased progress in [0, 1] (quadratic curves). */
export function ease(kind: Easing, u: number): number {
  const v = Math.min(1, Math.max(0, u));
  switch (kind) {
    case 'easeIn':
      return v * v;
    case 'easeOut':
      return 1 - (1 - v) * (1 - v);
    case 'easeInOut':
      return v < 0.5 ? 2 * v * v : 1 - 2 * (1 - v) * (1 - v);
    default:
      return v;
  }
}

/** Frame of point k under uniform timing (may be fractional): k * (F - 1) / (n - 1). */
export function uniformFrame(k: number, n: number, frames: number): number {
  return n < 2 ? 0 : (k * (frames - 1)) / (n - 1);
}

/** Default integer frames for switching to keyframed timing: the uniform frames, rounded. */
export function defaultKeyframes(n: number, frames: number): number[] {
  return Array.from({ length: n }, (_, k) => Math.round(uniformFrame(k, n, frames)));
}

/**
 * Why keyframed frames cannot be used, or null when they can: every point needs an integer frame within
 * [0, F - 1], strictly increasing along the path.
 */
export function keyframeProblem(points: readonly TimedPoint[], frames: number): string | null {
  let prev = -1;
  for (let k = 0; k < points.length; k++) {
    const f = points[k]?.frame;
    if (f === undefined) return `point ${k + 1} has no frame`;
    // Messages number frames from 1, as the timeline and the inspector show them (stored frames are 0-based).
    if (!Number.isInteger(f) || f < 0 || f > frames - 1)
      return `point ${k + 1}: frame ${f + 1} is outside 1..${frames}`;
    if (f <= prev) return `point ${k + 1}: frame ${f + 1} must come after frame ${prev + 1} of point ${k}`;
    prev = f;
  }
  return null;
}

const isReference = (t: TimedTrajectory, frames: number): boolean =>
  t.points.length < 2 ||
  (t.timing === 'uniform' && t.easing.every((e) => e === 'linear')) ||
  (t.timing === 'keyframed' && keyframeProblem(t.points, frames) !== null);

/**
 * The points the control engine interpolates. Uniform timing with linear easing (the reference) returns
 * the points themselves, so results stay bit-identical to the reference; so do unusable keyframes (the
 * editor shows why). Otherwise one point per frame along the same PCHIP curve: frame f in segment i
 * (f_i <= f <= f_{i+1}) has parameter t = (i + ease_i(u)) / (n - 1), u = (f - f_i) / (f_{i+1} - f_i);
 * before the first keyframe the object waits at the first point, after the last it stays at the last.
 */
export function timedPoints(t: TimedTrajectory, frames: number): { x: number; y: number; depth: number }[] {
  const pts = t.points;
  if (isReference(t, frames)) return pts.map((p) => ({ x: p.x, y: p.y, depth: p.depth }));
  const n = pts.length;
  const keys = pts.map((p, k) =>
    t.timing === 'keyframed' ? (p.frame as number) : uniformFrame(k, n, frames),
  );
  const params = new Float64Array(frames);
  for (let f = 0; f < frames; f++) params[f] = parameterAt(f, keys, t.easing) / (n - 1);
  const knots = linspace(0, 1, n);
  const xs = pchip(
    knots,
    pts.map((p) => p.x),
    params,
  );
  const ys = pchip(
    knots,
    pts.map((p) => p.y),
    params,
  );
  const ds = pchip(
    knots,
    pts.map((p) => p.depth),
    params,
  );
  return Array.from({ length: frames }, (_, f) => ({
    x: xs[f] as number,
    y: ys[f] as number,
    depth: ds[f] as number,
  }));
}

/** Segment index plus eased progress (0 .. n-1) at frame f for increasing keyframes `keys`. */
function parameterAt(f: number, keys: readonly number[], easing: readonly Easing[]): number {
  const n = keys.length;
  if (f <= (keys[0] as number)) return 0;
  if (f >= (keys[n - 1] as number)) return n - 1;
  let i = 0;
  while (i < n - 2 && f >= (keys[i + 1] as number)) i++;
  const f0 = keys[i] as number;
  const u = (f - f0) / ((keys[i + 1] as number) - f0);
  return i + ease(easing[i] ?? 'linear', u);
}
