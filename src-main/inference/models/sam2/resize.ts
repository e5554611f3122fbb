/**
 * The two resizes of the SAM2 predictor, written from PyTorch's CPU kernels:
 * - input: torchvision Resize((1024,1024)) on a float tensor = bilinear with antialias=True (PIL-style
 *   triangle filter widened by the scale when shrinking), separable, float32;
 * - output: F.interpolate(logits, (H, W), mode='bilinear', align_corners=False), float32.
 */
import { resizeBilinear } from '../../../../src-shared/image/bilinear';

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

/**
 * One float32 plane [inH,inW] -> [outH,outW], bilinear align_corners=False (no antialias), float32 math.
 * With fullW/fullH: the top-left [outH,outW] corner of the resize to [fullH,fullW] (SAM v1's padded frame).
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
  return resizeBilinear(src, inW, inH, outW, outH, { fullW, fullH });
}
