import { displayNearness, type NearRange } from '../depth/colormap';

/** Point radius in screen pixels: nearer (smaller depth) = bigger, 5 px far .. 12 px nearest. */
export function pointRadius(depth: number, range: NearRange | null = null): number {
  return 5 + 7 * displayNearness(depth, range);
}

/** Largest point radius (hit testing does not depend on the colour range). */
export const MAX_POINT_RADIUS = 12;

/** Path width in screen pixels at a depth: 2 px far .. 6 px nearest. */
export function pathWidth(depth: number, range: NearRange | null = null): number {
  return 2 + 4 * displayNearness(depth, range);
}

/** Screen distance from a point's centre up to its depth handle (clear of the largest point). */
export const HANDLE_OFFSET = MAX_POINT_RADIUS + 14;
