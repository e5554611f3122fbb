import { DEPTH_WORK_SIDE, workGrid } from '../../../src-shared/image/workGrid';
import type { EstimatedDepth } from '../../state/analysisSlice';

export { DEPTH_WORK_SIDE };

/**
 * Nearest-cell downsample to the work resolution (longest side <= 1024). Nearest keeps every Z0 a value
 * of the reference's 1/Dn set; the control engine resamples to the generation size anyway. Main already
 * sends depth at this size (the host samples the same grid), so this is a no-op then.
 */
export function toWorkResolution(
  imageId: string,
  w: number,
  h: number,
  z0: Float32Array,
  disparity: Float32Array,
): EstimatedDepth {
  const g = workGrid(w, h, DEPTH_WORK_SIDE);
  if (g.width === w && g.height === h) return { imageId, width: w, height: h, z0, disparity };
  const pick = (src: Float32Array) => {
    const out = new Float32Array(g.width * g.height);
    for (let y = 0; y < g.height; y++) {
      const row = (g.rows[y] as number) * w;
      for (let x = 0; x < g.width; x++) out[y * g.width + x] = src[row + (g.cols[x] as number)]!;
    }
    return out;
  };
  return { imageId, width: g.width, height: g.height, z0: pick(z0), disparity: pick(disparity) };
}
