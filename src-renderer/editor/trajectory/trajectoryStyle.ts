import { nearness } from '../depth/colormap';

/** Point radius in screen pixels: nearer (smaller depth) = bigger, 5 px far .. 12 px nearest. */
export function pointRadius(depth: number): number {
  return 5 + 7 * nearness(depth);
}

/** Path width in screen pixels at a depth: 2 px far .. 6 px nearest. */
export function pathWidth(depth: number): number {
  return 2 + 4 * nearness(depth);
}

/** Screen distance from a point's centre up to its depth handle. */
export function handleOffset(depth: number): number {
  return pointRadius(depth) + 14;
}
