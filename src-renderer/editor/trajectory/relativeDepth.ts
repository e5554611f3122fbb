import { clampDepth, MAX_DEPTH, MIN_DEPTH } from './trajectoryActions';

/**
 * Depth as an artist reads it: distance relative to where the object starts (the trajectory's first
 * point). The control signal moves the object's pixels with s = Z / (Z + dd), dd = d - d0
 * (docs/levitor-method.md section 5), so a part of the object at the start depth (Z = d0) ends up
 * s = d0 / d times its size and s times as far from the frame centre. A point at distance ratio
 * r = d / d0 therefore shows the object at 1 / r of its starting size: "x2 farther" = half size.
 * The mapping is exact both ways (d = r * d0); only the LeviTor limits [1/255, 1] clamp it.
 */

/** Steps per doubling of the distance: fine (wheel, arrow keys) and coarse (Shift). */
export const FINE_STEPS_PER_DOUBLING = 12;
export const COARSE_STEPS_PER_DOUBLING = 2;

/** Distance ratio of depth `depth` relative to the start depth `start` (both LeviTor depths). */
export function relativeOf(depth: number, start: number): number {
  return depth / start;
}

export type DepthLimit = 'nearest' | 'farthest' | null;

/** The LeviTor depth for distance ratio `r`, clamped into [1/255, 1], and which limit clamped it. */
export function depthOfRelative(r: number, start: number): { depth: number; limit: DepthLimit } {
  const raw = r * start;
  const depth = clampDepth(raw);
  if (depth === raw) return { depth, limit: null };
  return { depth, limit: raw < MIN_DEPTH ? 'nearest' : 'farthest' };
}

/** The ratios the LeviTor range allows for an object starting at `start`. */
export function relativeLimits(start: number): { min: number; max: number } {
  return { min: MIN_DEPTH / start, max: MAX_DEPTH / start };
}

/**
 * `notches` steps from `depth` on the grid of 2^(1/k) ratios relative to `start` (k steps per doubling,
 * Shift = coarse). Off-grid values move to the next grid value in the step's direction, so every notch
 * moves, and the result is clamped to the LeviTor range.
 */
export function stepRelative(depth: number, start: number, notches: number, coarse = false): number {
  if (notches === 0) return depth;
  const k = coarse ? COARSE_STEPS_PER_DOUBLING : FINE_STEPS_PER_DOUBLING;
  const g = Math.log2(relativeOf(depth, start)) * k;
  // 1e-9 absorbs the rounding of log2 for values already on the grid
  const from = notches > 0 ? Math.floor(g + 1e-9) : Math.ceil(g - 1e-9);
  return depthOfRelative(2 ** ((from + notches) / k), start).depth;
}

/** Apparent linear size (1 = as at the start) of the part of the object at the start depth. */
export function apparentSize(depth: number, start: number): number {
  return start / depth;
}

/** "x2 farther", "x0.5 nearer", "same distance" (two significant decimals). */
export function describeRelative(r: number): string {
  if (Math.abs(r - 1) < 0.005) return 'same distance';
  const shown = r >= 10 ? r.toFixed(0) : r >= 1 ? String(+r.toFixed(2)) : String(+r.toPrecision(2));
  return `×${shown} ${r > 1 ? 'farther' : 'nearer'}`;
}

/** "50 % size" (whole percent; below 1 % with one decimal). */
export function describeSize(size: number): string {
  const pct = size * 100;
  return `${pct >= 1 ? Math.round(pct) : pct.toFixed(1)} % size`;
}
