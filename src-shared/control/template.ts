/**
 * Section 7 template: the reference's 200x200 uint8 Gaussian disc and OpenCV's INTER_LINEAR resize of it.
 * - disc: cv2.circle(img, (100, 100), 100, 1, thickness=-1) with LINE_8 takes OpenCV's integer midpoint
 *   circle (horizontal spans per octant, clipped to the image): see `opencvFilledCircle`.
 * - values: float64 exp stored as float32, times the disc, / max, / max again, * 255 (float32), truncated.
 * - resize: OpenCV 4.8 fixed-point bilinear for uint8 (INTER_RESIZE_COEF_BITS = 11): coefficients
 *   round(f * 2048) with f = (d + 0.5) * scale - 0.5 in float32, borders clamped; horizontal pass exact in
 *   int32; vertical pass in the form of OpenCV's SIMD kernel, ((a>>4)*b0 >> 16) + ((b>>4)*b1 >> 16) + 2) >> 2
 *   (not the scalar (a*b0 + b*b1 + 2^21) >> 22): checked equal to cv2 4.8.1 for every box size 1..24 x 1..24.
 */
const f32 = Math.fround;
const SIZE = 200;

/** 0/1 mask [size*size] as OpenCV's Circle() fills it (LINE_8, no shift). */
export function opencvFilledCircle(size: number, cx: number, cy: number, radius: number): Uint8Array {
  const img = new Uint8Array(size * size);
  const hline = (y: number, x1: number, x2: number): void => {
    if (y < 0 || y >= size) return;
    const a = Math.max(x1, 0);
    const b = Math.min(x2, size - 1);
    for (let x = a; x <= b; x++) img[y * size + x] = 1;
  };
  let err = 0;
  let dx = radius;
  let dy = 0;
  let plus = 1;
  let minus = (radius << 1) - 1;
  while (dx >= dy) {
    const y11 = cy - dy;
    const y12 = cy + dy;
    const y21 = cy - dx;
    const y22 = cy + dx;
    const x11 = cx - dx;
    const x12 = cx + dx;
    const x21 = cx - dy;
    const x22 = cx + dy;
    if (x11 < size && x12 >= 0 && y21 < size && y22 >= 0) {
      hline(y11, x11, x12);
      hline(y12, x11, x12);
      if (x21 < size && x22 >= 0) {
        hline(y21, x21, x22);
        hline(y22, x21, x22);
      }
    }
    dy++;
    err += plus;
    plus += 2;
    const mask = (err <= 0 ? 1 : 0) - 1;
    err -= minus & mask;
    dx += mask;
    minus -= mask & 2;
  }
  return img;
}

let cached: Uint8Array | null = null;

/** The 200x200 uint8 heatmap template (row-major). */
export function heatmapTemplate(): Uint8Array {
  if (cached) return cached;
  const disc = opencvFilledCircle(SIZE, SIZE / 2, SIZE / 2, SIZE / 2);
  const g = new Float32Array(SIZE * SIZE);
  const c = 1 / 2 / Math.PI / 40 ** 2;
  for (let i = 0; i < SIZE; i++)
    for (let j = 0; j < SIZE; j++) {
      const a = (i - SIZE / 2) ** 2 / 40 ** 2 + (j - SIZE / 2) ** 2 / 40 ** 2;
      g[i * SIZE + j] = c * Math.exp((-1 / 2) * a);
    }
  let max = 0;
  for (let k = 0; k < g.length; k++) {
    g[k] = f32((g[k] as number) * (disc[k] as number));
    max = Math.max(max, g[k] as number);
  }
  let max2 = 0;
  for (let k = 0; k < g.length; k++) {
    g[k] = f32((g[k] as number) / max);
    max2 = Math.max(max2, g[k] as number);
  }
  const out = new Uint8Array(SIZE * SIZE);
  for (let k = 0; k < g.length; k++) out[k] = Math.trunc(f32(f32((g[k] as number) / max2) * 255));
  cached = out;
  return out;
}

interface Axis {
  ofs: Int32Array;
  w0: Int32Array;
  w1: Int32Array;
}

function axisCoefs(src: number, dst: number): Axis {
  const scale = src / dst;
  const ofs = new Int32Array(dst);
  const w0 = new Int32Array(dst);
  const w1 = new Int32Array(dst);
  for (let d = 0; d < dst; d++) {
    let f = f32((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    f = f32(f - s);
    if (s < 0) {
      f = 0;
      s = 0;
    }
    if (s >= src - 1) {
      f = 0;
      s = src - 1;
    }
    ofs[d] = s;
    w0[d] = roundEven(f32(1 - f) * 2048);
    w1[d] = roundEven(f * 2048);
  }
  return { ofs, w0, w1 };
}

function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const mulHi = (a: number, b: number): number => (a * b) >> 16;

/** cv2.resize(src uint8 [sh*sw], (dw, dh), INTER_LINEAR) -> uint8 [dh*dw]. */
export function resizeLinearU8(src: Uint8Array, sw: number, sh: number, dw: number, dh: number): Uint8Array {
  const ax = axisCoefs(sw, dw);
  const ay = axisCoefs(sh, dh);
  const hrow = (y: number): Int32Array => {
    const row = new Int32Array(dw);
    const yy = Math.min(Math.max(y, 0), sh - 1) * sw;
    for (let d = 0; d < dw; d++) {
      const s = ax.ofs[d] as number;
      const a = src[yy + s] as number;
      const b = s + 1 < sw ? (src[yy + s + 1] as number) : a;
      row[d] = a * (ax.w0[d] as number) + b * (ax.w1[d] as number);
    }
    return row;
  };
  const out = new Uint8Array(dw * dh);
  for (let d = 0; d < dh; d++) {
    const sy = ay.ofs[d] as number;
    const r0 = hrow(sy);
    const r1 = hrow(sy + 1);
    const b0 = ay.w0[d] as number;
    const b1 = ay.w1[d] as number;
    for (let x = 0; x < dw; x++) {
      const s0 = r0[x] as number;
      const s1 = r1[x] as number;
      const v = (mulHi(s0 >> 4, b0) + mulHi(s1 >> 4, b1) + 2) >> 2;
      out[d * dw + x] = Math.min(255, Math.max(0, v));
    }
  }
  return out;
}

const resized = new Map<number, Uint8Array>();

/** The template resized to a w x h box (cached: boxes are at most 20 x 20). */
export function templateFor(w: number, h: number): Uint8Array {
  const key = w * 4096 + h;
  let t = resized.get(key);
  if (!t) {
    t = resizeLinearU8(heatmapTemplate(), SIZE, SIZE, w, h);
    resized.set(key, t);
  }
  return t;
}
