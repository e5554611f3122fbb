/**
 * diffusers' `_resize_with_antialiasing` (used by SVD before CLIP), in float32 as PyTorch computes it:
 * separable Gaussian blur (x first, then y; reflect padding; sigma = max((in/out - 1)/2, 0.001), kernel
 * int(max(4 sigma, 3)) made odd), then bicubic resize (a = -0.75, align_corners=True, borders clamped,
 * nothing clamped in value). Planes are [C,H,W] float32.
 */
const f32 = Math.fround;

export function gaussianKernel(size: number, sigma: number): Float32Array {
  const s = f32(sigma);
  const twoS2 = f32(2 * f32(s * s));
  const k = new Float32Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    let x = i - Math.floor(size / 2);
    if (size % 2 === 0) x += 0.5;
    k[i] = Math.exp(f32(-f32(x * x) / twoS2));
    sum = f32(sum + (k[i] ?? 0));
  }
  for (let i = 0; i < size; i++) k[i] = (k[i] ?? 0) / sum;
  return k;
}

function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  let j = i;
  while (j < 0 || j >= n) j = j < 0 ? -j : 2 * (n - 1) - j;
  return j;
}

function blurAxis(
  src: Float32Array,
  c: number,
  h: number,
  w: number,
  k: Float32Array,
  alongX: boolean,
): Float32Array {
  const out = new Float32Array(src.length);
  const r = Math.floor((k.length - 1) / 2); // front padding; rear = size - 1 - front
  for (let ch = 0; ch < c; ch++) {
    const base = ch * h * w;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let acc = 0;
        for (let t = 0; t < k.length; t++) {
          const v = alongX
            ? src[base + y * w + reflect(x + t - r, w)]
            : src[base + reflect(y + t - r, h) * w + x];
          acc = f32(acc + f32((v ?? 0) * (k[t] ?? 0)));
        }
        out[base + y * w + x] = acc;
      }
    }
  }
  return out;
}

function cubicWeights(t: number): [number, number, number, number] {
  const A = -0.75;
  const c1 = (x: number): number => f32(f32(f32(f32(f32((A + 2) * x) - (A + 3)) * x) * x) + 1);
  const c2 = (x: number): number => f32(f32(f32(f32(f32(f32(A * x) - 5 * A) * x) + 8 * A) * x) - 4 * A);
  const x2 = f32(1 - t);
  return [c2(f32(t + 1)), c1(t), c1(x2), c2(f32(x2 + 1))];
}

interface Taps {
  idx: Int32Array; // [out, 4]
  wts: Float32Array; // [out, 4]
}

function taps(inSize: number, outSize: number): Taps {
  const scale = outSize > 1 ? f32((inSize - 1) / (outSize - 1)) : 0;
  const idx = new Int32Array(outSize * 4);
  const wts = new Float32Array(outSize * 4);
  for (let o = 0; o < outSize; o++) {
    const real = f32(scale * o);
    const i0 = Math.floor(real);
    const w = cubicWeights(f32(real - i0));
    for (let j = 0; j < 4; j++) {
      idx[o * 4 + j] = Math.min(Math.max(i0 - 1 + j, 0), inSize - 1);
      wts[o * 4 + j] = w[j] ?? 0;
    }
  }
  return { idx, wts };
}

/** PyTorch bicubic (align_corners=True) of [C,H,W] to [C,outH,outW]; rows outer, columns inner. */
export function bicubicAlignCorners(
  src: Float32Array,
  c: number,
  h: number,
  w: number,
  outH: number,
  outW: number,
): Float32Array {
  const ty = taps(h, outH);
  const tx = taps(w, outW);
  const out = new Float32Array(c * outH * outW);
  for (let ch = 0; ch < c; ch++) {
    const base = ch * h * w;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        let acc = 0;
        for (let j = 0; j < 4; j++) {
          const row = base + (ty.idx[oy * 4 + j] ?? 0) * w;
          let rowAcc = 0;
          for (let i = 0; i < 4; i++) {
            const term = f32((src[row + (tx.idx[ox * 4 + i] ?? 0)] ?? 0) * (tx.wts[ox * 4 + i] ?? 0));
            rowAcc = i === 0 ? term : f32(rowAcc + term);
          }
          const term = f32(rowAcc * (ty.wts[oy * 4 + j] ?? 0));
          acc = j === 0 ? term : f32(acc + term);
        }
        out[ch * outH * outW + oy * outW + ox] = acc;
      }
    }
  }
  return out;
}

export function antialiasParams(inSize: number, outSize: number): { sigma: number; kernel: number } {
  const sigma = Math.max((inSize / outSize - 1) / 2, 0.001);
  let kernel = Math.trunc(Math.max(4 * sigma, 3));
  if (kernel % 2 === 0) kernel += 1;
  return { sigma, kernel };
}

/** [C,H,W] -> [C,outH,outW] as `_resize_with_antialiasing(x, (outH, outW))`. */
export function resizeWithAntialiasing(
  src: Float32Array,
  c: number,
  h: number,
  w: number,
  outH: number,
  outW: number,
): Float32Array {
  const py = antialiasParams(h, outH);
  const px = antialiasParams(w, outW);
  const blurredX = blurAxis(src, c, h, w, gaussianKernel(px.kernel, px.sigma), true);
  const blurred = blurAxis(blurredX, c, h, w, gaussianKernel(py.kernel, py.sigma), false);
  return bicubicAlignCorners(blurred, c, h, w, outH, outW);
}

export const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
export const CLIP_STD = [0.26862954, 0.26130258, 0.27577711] as const;

/** image [3,H,W] in [0,1] -> CLIP pixel_values [3,224,224]: x*2-1, anti-aliased resize, (x+1)/2, normalise. */
export function clipPixelValues(image01: Float32Array, h: number, w: number, size = 224): Float32Array {
  const x = new Float32Array(image01.length);
  for (let i = 0; i < x.length; i++) x[i] = f32((image01[i] ?? 0) * 2) - 1;
  const r = resizeWithAntialiasing(x, 3, h, w, size, size);
  const plane = size * size;
  for (let ch = 0; ch < 3; ch++) {
    const m = f32(CLIP_MEAN[ch] ?? 0);
    const s = f32(CLIP_STD[ch] ?? 1);
    for (let i = ch * plane; i < (ch + 1) * plane; i++) r[i] = f32(f32(f32((r[i] ?? 0) + 1) / 2) - m) / s;
  }
  return r;
}
