/**
 * Section 5 splat: PyTorch3D's point rasterizer (points_per_pixel = 10) + AlphaCompositor for one
 * moving object, written as a scatter: each point visits only the few pixels its radius reaches.
 * Arithmetic (float64 unless said; the same in tools/reference/levitor_reference/splat.py, see README.md):
 *   s = Z / (Z + dd); u = W/2 + ((x + dx) - W/2) * s; v = H/2 + ((y + dy) - H/2) * s   (pixel-edge coords)
 *   d2 = ((u - c - 0.5)^2 + (v - r - 0.5)^2) / S^2, S = min(W, H) / 2; hit iff d2 < r^2
 *   a = f32(1 - d2 / r^2); front to back (Z ascending, raster index on ties), first 10 hits per pixel:
 *   value = f32(value + f32(f32(T * a) * id)); T = f32(T * f32(1 - a)); covered iff value > 0.5
 *   (round-half-even(value) != 0).
 */
const f32 = Math.fround;
/** count of a pixel whose coverage is decided (value > 0.5): later hits are skipped */
const DONE = 10;

export interface SplatPoints {
  /** pixel column / row of every point, in z order (ascending Z, then raster index) */
  x: Int32Array;
  y: Int32Array;
  /** float32 depth of every point, widened to float64, same order */
  z: Float64Array;
}

/** Points of one object (raster-order pixel indices) sorted into compositing order. */
export function makeSplatPoints(pixels: Int32Array, z0: Float64Array, width: number): SplatPoints {
  const n = pixels.length;
  const zf = new Float64Array(n);
  for (let k = 0; k < n; k++) zf[k] = f32(z0[pixels[k] as number] as number);
  const order = Array.from({ length: n }, (_, k) => k);
  order.sort((a, b) => (zf[a] as number) - (zf[b] as number) || a - b);
  const x = new Int32Array(n);
  const y = new Int32Array(n);
  const z = new Float64Array(n);
  order.forEach((k, i) => {
    const p = pixels[k] as number;
    x[i] = p % width;
    y[i] = (p - (p % width)) / width;
    z[i] = zf[k] as number;
  });
  return { x, y, z };
}

/** Reusable per-pixel buffers (one set per image size). */
export class SplatScratch {
  readonly value: Float64Array;
  readonly trans: Float64Array;
  readonly count: Uint8Array;
  readonly touched: Int32Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    const n = width * height;
    this.value = new Float64Array(n);
    this.trans = new Float64Array(n).fill(1);
    this.count = new Uint8Array(n);
    this.touched = new Int32Array(n);
  }
}

export interface SplatMove {
  dx: number;
  dy: number;
  dd: number;
  id: number;
}

/** Covered pixel indices (ascending is not guaranteed) of one object's splat. */
export function splat(pts: SplatPoints, move: SplatMove, sc: SplatScratch): Int32Array {
  const { width: W, height: H, value, trans, count, touched } = sc;
  const S = Math.min(W, H) / 2;
  const S2 = S * S;
  const r = Math.max(0.011 - move.dd, 0.011);
  const r2 = r * r;
  // candidate window in pixels, with a rounding margin; the exact test is d2 < r2 below
  const reach = r * S * (1 + 1e-9) + 1e-9;
  const { dx, dy, dd, id } = move;
  let nt = 0;
  for (let k = 0; k < pts.x.length; k++) {
    const Z = pts.z[k] as number;
    const s = Z / (Z + dd);
    const u = W / 2 + ((pts.x[k] as number) + dx - W / 2) * s;
    const v = H / 2 + ((pts.y[k] as number) + dy - H / 2) * s;
    // the square around the disc; the exact test is d2 < r2 below
    const r0 = Math.max(0, Math.ceil(v - 0.5 - reach));
    const r1 = Math.min(H - 1, Math.floor(v - 0.5 + reach));
    const c0 = Math.max(0, Math.ceil(u - 0.5 - reach));
    const c1 = Math.min(W - 1, Math.floor(u - 0.5 + reach));
    for (let row = r0; row <= r1; row++) {
      const ey = v - (row + 0.5);
      const ey2 = ey * ey;
      for (let col = c0, p = row * W + c0; col <= c1; col++, p++) {
        const cnt = count[p] as number;
        if (cnt >= 10) continue; // ten hits composited, or already covered (DONE)
        const ex = u - (col + 0.5);
        const d2 = (ex * ex + ey2) / S2;
        if (!(d2 < r2)) continue;
        if (cnt === 0) touched[nt++] = p;
        const a = f32(1 - d2 / r2);
        const t = trans[p] as number;
        const val = f32((value[p] as number) + f32(f32(t * a) * id));
        value[p] = val;
        trans[p] = f32(t * f32(1 - a));
        // every term added later is >= 0, so a value past 0.5 stays covered: no more hits needed
        count[p] = val > 0.5 ? DONE : cnt + 1;
      }
    }
  }
  let nc = 0;
  const covered = new Int32Array(nt);
  for (let k = 0; k < nt; k++) {
    const p = touched[k] as number;
    if ((value[p] as number) > 0.5) covered[nc++] = p;
    value[p] = 0;
    trans[p] = 1;
    count[p] = 0;
  }
  return covered.subarray(0, nc);
}
