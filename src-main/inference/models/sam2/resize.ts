/**
 * The two resizes of the SAM2 predictor, written from PyTorch's CPU kernels:
 * - input: torchvision Resize((1024,1024)) on a float tensor = bilinear with antialias=True (PIL-style
 *   triangle filter widened by the scale when shrinking), separable, float32;
 * - output: F.interpolate(logits, (H, W), mode='bilinear', align_corners=False), float32.
 */
const f32 = Math.fround;

interface Taps {
  start: Int32Array;
  size: number;
  weights: Float32Array; // [out, size], normalised
}

/** torch's _upsample_bilinear2d_aa index/weight computation for one axis (antialias=True). */
function aaTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const support = scale >= 1 ? scale : 1; // bilinear: interp_size 2 -> support 1 * scale
  const invScale = scale >= 1 ? 1 / scale : 1;
  const size = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const weights = new Float32Array(outSize * size);
  for (let i = 0; i < outSize; i++) {
    const center = scale * (i + 0.5);
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xsize = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let total = 0;
    const w = new Float64Array(xsize);
    for (let j = 0; j < xsize; j++) {
      const x = (j + xmin - center + 0.5) * invScale;
      const v = Math.max(0, 1 - Math.abs(x));
      w[j] = v;
      total += v;
    }
    start[i] = xmin;
    for (let j = 0; j < xsize && j < size; j++)
      weights[i * size + j] = total > 0 ? (w[j] as number) / total : 0;
  }
  return { start, size, weights };
}

/**
 * RGB uint8 [H,W,3] -> float32 [3,outH,outW] in [0,1] (ToTensor then antialiased bilinear Resize).
 * Horizontal pass first, then vertical, as torch's separable aa kernel does.
 */
export function resizeRgbAntialias(
  rgb: Uint8Array,
  w: number,
  h: number,
  outW: number,
  outH: number,
): Float32Array {
  const tx = aaTaps(w, outW);
  const ty = aaTaps(h, outH);
  const tmp = new Float32Array(3 * h * outW); // [3,h,outW]
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < h; y++) {
      const row = y * w;
      for (let x = 0; x < outW; x++) {
        const s = tx.start[x] as number;
        let acc = 0;
        for (let k = 0; k < tx.size; k++) {
          const wt = tx.weights[x * tx.size + k] as number;
          if (wt === 0 || s + k >= w) continue;
          acc = f32(acc + f32(f32((rgb[(row + s + k) * 3 + c] as number) / 255) * wt));
        }
        tmp[(c * h + y) * outW + x] = acc;
      }
    }
  }
  const out = new Float32Array(3 * outH * outW);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < outH; y++) {
      const s = ty.start[y] as number;
      for (let x = 0; x < outW; x++) {
        let acc = 0;
        for (let k = 0; k < ty.size; k++) {
          const wt = ty.weights[y * ty.size + k] as number;
          if (wt === 0 || s + k >= h) continue;
          acc = f32(acc + f32((tmp[(c * h + s + k) * outW + x] as number) * wt));
        }
        out[(c * outH + y) * outW + x] = acc;
      }
    }
  }
  return out;
}

/** Per-axis source index and weight of bilinear, align_corners=False (torch area_pixel_compute_source_index). */
function linearTaps(inSize: number, outSize: number): { i0: Int32Array; i1: Int32Array; l1: Float32Array } {
  const scale = f32(inSize / outSize);
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const l1 = new Float32Array(outSize);
  for (let d = 0; d < outSize; d++) {
    const src = Math.max(f32(f32(scale * f32(d + 0.5)) - 0.5), 0);
    const a = Math.min(Math.floor(src), inSize - 1);
    i0[d] = a;
    i1[d] = a < inSize - 1 ? a + 1 : a;
    l1[d] = Math.min(Math.max(f32(src - a), 0), 1);
  }
  return { i0, i1, l1 };
}

/**
 * One float32 plane [inH,inW] -> [outH,outW], bilinear align_corners=False (no antialias), float32 math.
 * With fullW/fullH: the top-left [outH,outW] corner of the resize to [fullH,fullW] (resize then crop, as the
 * padded SAM v1 post-processing does, without computing the cropped-away part).
 */
export function upsampleBilinear(
  src: Float32Array,
  inW: number,
  inH: number,
  outW: number,
  outH: number,
  fullW = outW,
  fullH = outH,
): Float32Array {
  const tx = linearTaps(inW, fullW);
  const ty = linearTaps(inH, fullH);
  const out = new Float32Array(outW * outH);
  for (let y = 0; y < outH; y++) {
    const r0 = (ty.i0[y] as number) * inW;
    const r1 = (ty.i1[y] as number) * inW;
    const h1 = ty.l1[y] as number;
    const h0 = f32(1 - h1);
    for (let x = 0; x < outW; x++) {
      const c0 = tx.i0[x] as number;
      const c1 = tx.i1[x] as number;
      const w1 = tx.l1[x] as number;
      const w0 = f32(1 - w1);
      const top = f32(f32((src[r0 + c0] as number) * w0) + f32((src[r0 + c1] as number) * w1));
      const bot = f32(f32((src[r1 + c0] as number) * w0) + f32((src[r1 + c1] as number) * w1));
      out[y * outW + x] = f32(f32(top * h0) + f32(bot * h1));
    }
  }
  return out;
}
