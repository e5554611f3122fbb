import type { EstimatedDepth } from '../../state/analysisSlice';

/** Depth work resolution: the longest side of the stored maps (DepthEdit's contract in documentSlice). */
export const DEPTH_WORK_SIDE = 1024;

/**
 * Nearest-cell downsample to the work resolution (longest side <= 1024). Nearest keeps every Z0 a value
 * of the reference's 1/Dn set; the control engine resamples to the generation size anyway.
 */
export function toWorkResolution(
  imageId: string,
  w: number,
  h: number,
  z0: Float32Array,
  disparity: Float32Array,
): EstimatedDepth {
  const k = Math.min(1, DEPTH_WORK_SIDE / Math.max(w, h));
  if (k === 1) return { imageId, width: w, height: h, z0, disparity };
  const W = Math.max(1, Math.round(w * k));
  const H = Math.max(1, Math.round(h * k));
  const pick = (src: Float32Array) => {
    const out = new Float32Array(W * H);
    for (let y = 0; y < H; y++) {
      const row = Math.min(h - 1, Math.floor(((y + 0.5) * h) / H)) * w;
      for (let x = 0; x < W; x++)
        out[y * W + x] = src[row + Math.min(w - 1, Math.floor(((x + 0.5) * w) / W))]!;
    }
    return out;
  };
  return { imageId, width: W, height: H, z0: pick(z0), disparity: pick(disparity) };
}
