/**
 * Bilinear resampling as PyTorch's CPU kernel does it (`F.interpolate(mode='bilinear')`, no antialias), in
 * float32 at every step, so a plane resized here is the reference's value for value. Used by the SAM2 mask
 * post-processing (align_corners=False), the mask upsample that skips the float plane, and Depth Anything's
 * output resize (align_corners=True).
 */
const f32 = Math.fround;

/** Per output index along one axis: the two source indices and the weight of the second. */
export interface BilinearTaps {
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  readonly l1: Float32Array;
}

/**
 * align_corners=False: src = max(scale * (d + 0.5) - 0.5, 0) with scale = in/out (torch
 * area_pixel_compute_source_index); align_corners=True: src = scale * d with scale = (in-1)/(out-1).
 * Index = floor(src) (never past the last sample), weight = src - index.
 */
export function bilinearTaps(inSize: number, outSize: number, alignCorners = false): BilinearTaps {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const l1 = new Float32Array(outSize);
  const scale = alignCorners ? (outSize > 1 ? f32((inSize - 1) / (outSize - 1)) : 0) : f32(inSize / outSize);
  for (let d = 0; d < outSize; d++) {
    const src = alignCorners ? f32(scale * d) : Math.max(f32(f32(scale * f32(d + 0.5)) - 0.5), 0);
    const a = Math.min(Math.floor(src), inSize - 1);
    i0[d] = a;
    i1[d] = a < inSize - 1 ? a + 1 : a;
    l1[d] = Math.min(Math.max(f32(src - a), 0), 1);
  }
  return { i0, i1, l1 };
}

/**
 * One float32 plane [inH,inW] -> [outH,outW]. With fullW/fullH: the top-left [outH,outW] corner of the
 * resize to [fullH,fullW] (resize then crop, as the padded SAM v1 post-processing does, without computing
 * the cropped-away part).
 */
export function resizeBilinear(
  src: Float32Array,
  inW: number,
  inH: number,
  outW: number,
  outH: number,
  opts: { alignCorners?: boolean; fullW?: number; fullH?: number } = {},
): Float32Array {
  const tx = bilinearTaps(inW, opts.fullW ?? outW, opts.alignCorners);
  const ty = bilinearTaps(inH, opts.fullH ?? outH, opts.alignCorners);
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
