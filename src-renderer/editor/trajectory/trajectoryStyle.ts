import { displayNearness, type NearRange } from '../depth/colormap';

/**
 * Point radius in screen pixels: nearer (smaller depth) = bigger, 6 px far .. 12 px nearest. The farthest
 * point stays a 12 px disc (plus its halo) and is hit within POINT_HIT_RADIUS of its centre, like any point.
 */
export function pointRadius(depth: number, range: NearRange | null = null): number {
  return MIN_POINT_RADIUS + (MAX_POINT_RADIUS - MIN_POINT_RADIUS) * displayNearness(depth, range);
}

export const MIN_POINT_RADIUS = 6;

/** Largest point radius (hit testing does not depend on the colour range). */
export const MAX_POINT_RADIUS = 12;

/** Screen distance from a point's centre within which a press picks it, whatever its depth. */
export const POINT_HIT_RADIUS = 6 + MAX_POINT_RADIUS / 2;

/** Path width in screen pixels at a depth: 2 px far .. 6 px nearest. */
export function pathWidth(depth: number, range: NearRange | null = null): number {
  return 2 + 4 * displayNearness(depth, range);
}

/** Screen distance from a point's centre up to its depth handle (clear of the largest point). */
export const HANDLE_OFFSET = MAX_POINT_RADIUS + 14;
