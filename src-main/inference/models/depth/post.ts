import { disparityToDn, dnToZ0 } from '../../../../src-shared/control/depth';
import { resizeBilinear } from '../../../../src-shared/image/bilinear';

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
  return resizeBilinear(relu, inW, inH, outW, outH, { alignCorners: true });
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
