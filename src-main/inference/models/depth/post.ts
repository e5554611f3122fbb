import { disparityToDn, dnToZ0 } from '../../../../src-shared/control/depth';

const f32 = Math.fround;

/**
 * Network disparity [h',w'] -> float32 [H,W]: ReLU, then bilinear with align_corners=True (torch CPU kernel:
 * scale = (in-1)/(out-1) in float32, src = scale*d, index = trunc, lambda = src - index; rows outer).
 */
export function disparityToImage(
  raw: Float32Array,
  inW: number,
  inH: number,
  outW: number,
  outH: number,
): Float32Array {
  const relu = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) relu[i] = Math.max(0, raw[i] as number);
  const taps = (inS: number, outS: number): { i0: Int32Array; i1: Int32Array; l1: Float32Array } => {
    const scale = outS > 1 ? f32((inS - 1) / (outS - 1)) : 0;
    const i0 = new Int32Array(outS);
    const i1 = new Int32Array(outS);
    const l1 = new Float32Array(outS);
    for (let d = 0; d < outS; d++) {
      const src = f32(scale * d);
      const a = Math.trunc(src);
      i0[d] = a;
      i1[d] = a < inS - 1 ? a + 1 : a;
      l1[d] = Math.min(Math.max(f32(src - a), 0), 1);
    }
    return { i0, i1, l1 };
  };
  const tx = taps(inW, outW);
  const ty = taps(inH, outH);
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
      const top = f32(f32((relu[r0 + c0] as number) * w0) + f32((relu[r0 + c1] as number) * w1));
      const bot = f32(f32((relu[r1 + c0] as number) * w0) + f32((relu[r1 + c1] as number) * w1));
      out[y * outW + x] = f32(f32(top * h0) + f32(bot * h1));
    }
  }
  return out;
}

export interface LevitorDepth {
  /** Raw disparity at image size (larger = nearer), for display. float32 [H*W] */
  disparity: Float32Array;
  /** 8-bit normalised disparity. uint8 [H*W] */
  dn: Uint8Array;
  /** LeviTor depth Z0 = 1/Dn (Dn = 0 -> 1), smaller = nearer. float64 [H*W] */
  z0: Float64Array;
}

/** The LeviTor conversion lives in src-shared/control/depth (one implementation for the whole studio). */
export function toLevitorDepth(disparity: Float32Array): LevitorDepth {
  const dn = disparityToDn(disparity);
  return { disparity, dn, z0: dnToZ0(dn) };
}
