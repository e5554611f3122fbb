import type { DepthBrushMode } from './depthUi';

/** A depth map being painted (LeviTor Z0, row-major [H, W] float32), mutated in place by dabs. */
export interface PaintMap {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** Cells a dab touched (inclusive-exclusive), so the overlay redraws only that rectangle. */
export interface DirtyRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const MIN_Z = 1 / 255;
export const MAX_Z = 1;

/**
 * Raise/lower work multiplicatively on Z0 (= additively on log depth): Z0 = 1/Dn crowds a scene into a
 * narrow range near 0, so a fixed factor feels the same near and far. Raise = nearer (smaller Z0).
 * At full strength the centre of one dab changes Z0 by this log-factor.
 */
const LOG_STEP = 0.2;

/** Smooth falloff: 1 at the centre, 0 at the rim ((1 - (d/r)^2)^2). */
export function falloff(d: number, r: number): number {
  if (d >= r) return 0;
  const q = 1 - (d * d) / (r * r);
  return q * q;
}

/**
 * One dab centred at cell (cx, cy) with radius r cells. `target` is the flatten depth (sampled at the
 * stroke's start). Returns the dirty rectangle (empty when the dab misses the map).
 */
export function applyDab(
  map: PaintMap,
  cx: number,
  cy: number,
  r: number,
  mode: DepthBrushMode,
  strength: number,
  target = 0,
): DirtyRect {
  const { width: W, height: H, data } = map;
  const x0 = Math.max(0, Math.floor(cx - r));
  const y0 = Math.max(0, Math.floor(cy - r));
  const x1 = Math.min(W, Math.ceil(cx + r) + 1);
  const y1 = Math.min(H, Math.ceil(cy + r) + 1);
  const dirty = { x0, y0, x1, y1 };
  if (x0 >= x1 || y0 >= y1) return dirty;
  const s = Math.min(1, Math.max(0, strength));
  const blurred = mode === 'smooth' ? boxBlur(map, dirty, Math.max(1, Math.round(r / 4))) : null;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      // Cell centres at +0.5: the dab at (cx, cy) is symmetric in image coordinates.
      const w = falloff(Math.hypot(x + 0.5 - cx, y + 0.5 - cy), r) * s;
      if (w === 0) continue;
      const i = y * W + x;
      const z = data[i] as number;
      let next: number;
      if (mode === 'raise') next = z * Math.exp(-LOG_STEP * w);
      else if (mode === 'lower') next = z * Math.exp(LOG_STEP * w);
      else if (mode === 'flatten') next = z + (target - z) * w;
      else next = z + ((blurred as Float32Array)[(y - y0) * (x1 - x0) + (x - x0)]! - z) * w;
      data[i] = Math.min(MAX_Z, Math.max(MIN_Z, next));
    }
  }
  return dirty;
}

/** Box average (radius k, clamped at the borders) of the map over rect, via a summed-area table. */
function boxBlur(map: PaintMap, rect: DirtyRect, k: number): Float32Array {
  const { width: W, height: H, data } = map;
  const ax = Math.max(0, rect.x0 - k);
  const ay = Math.max(0, rect.y0 - k);
  const bx = Math.min(W, rect.x1 + k);
  const by = Math.min(H, rect.y1 + k);
  const sw = bx - ax + 1;
  // sat[(y+1)*sw + (x+1)] = sum over [ay, ay+y] x [ax, ax+x]; float64 keeps long sums exact enough.
  const sat = new Float64Array(sw * (by - ay + 1));
  for (let y = ay; y < by; y++) {
    let row = 0;
    for (let x = ax; x < bx; x++) {
      row += data[y * W + x] as number;
      sat[(y - ay + 1) * sw + (x - ax + 1)] = sat[(y - ay) * sw + (x - ax + 1)]! + row;
    }
  }
  const rw = rect.x1 - rect.x0;
  const out = new Float32Array(rw * (rect.y1 - rect.y0));
  for (let y = rect.y0; y < rect.y1; y++) {
    const ty = Math.max(ay, y - k) - ay;
    const byy = Math.min(by, y + k + 1) - ay;
    for (let x = rect.x0; x < rect.x1; x++) {
      const tx = Math.max(ax, x - k) - ax;
      const bxx = Math.min(bx, x + k + 1) - ax;
      const sum = sat[byy * sw + bxx]! - sat[ty * sw + bxx]! - sat[byy * sw + tx]! + sat[ty * sw + tx]!;
      out[(y - rect.y0) * rw + (x - rect.x0)] = sum / ((bxx - tx) * (byy - ty));
    }
  }
  return out;
}

/** Dab centres from a to b spaced `spacing` apart (excluding a, including b), for a continuous stroke. */
export function dabsBetween(
  a: { x: number; y: number },
  b: { x: number; y: number },
  spacing: number,
): { x: number; y: number }[] {
  const d = Math.hypot(b.x - a.x, b.y - a.y);
  const n = Math.max(1, Math.ceil(d / Math.max(0.5, spacing)));
  return Array.from({ length: n }, (_, i) => ({
    x: a.x + ((b.x - a.x) * (i + 1)) / n,
    y: a.y + ((b.y - a.y) * (i + 1)) / n,
  }));
}

export function unionRect(a: DirtyRect | null, b: DirtyRect): DirtyRect {
  if (!a) return { ...b };
  return {
    x0: Math.min(a.x0, b.x0),
    y0: Math.min(a.y0, b.y0),
    x1: Math.max(a.x1, b.x1),
    y1: Math.max(a.y1, b.y1),
  };
}
