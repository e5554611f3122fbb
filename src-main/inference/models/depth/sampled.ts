import { bilinearTaps } from '../../../../src-shared/image/bilinear';
import type { WorkGrid } from '../../../../src-shared/image/workGrid';
import type { LevitorDepth } from './post';

const f32 = Math.fround;

/**
 * The network's disparity [inH,inW] -> LeviTor depth sampled on a work grid of the image, equal value for
 * value to computing it at image size (post.ts: ReLU, bilinear align_corners=True to [imgH,imgW], Dn from the
 * min and max over the whole image-size plane, Z0 = 1/Dn) and then taking the grid's pixels. Only one
 * horizontally-resized copy of the network's rows is kept ([inH, imgW]); the image-size plane never exists,
 * so a 16384^2 image costs 34 MB here instead of 4.6 GB (disparity, Dn and a float64 Z0 at image size).
 */
export function sampledLevitorDepth(
  raw: Float32Array,
  inW: number,
  inH: number,
  imgW: number,
  imgH: number,
  grid: WorkGrid,
): LevitorDepth {
  const tx = bilinearTaps(inW, imgW, true);
  const ty = bilinearTaps(inH, imgH, true);
  // rows[r] = ReLU(network row r) resized along x to the image width (resizeBilinear's `top`/`bot` values).
  const rows = new Float32Array(inH * imgW);
  for (let r = 0; r < inH; r++) {
    const base = r * inW;
    for (let x = 0; x < imgW; x++) {
      const w1 = tx.l1[x] as number;
      const w0 = f32(1 - w1);
      const a = Math.max(0, raw[base + (tx.i0[x] as number)] as number);
      const b = Math.max(0, raw[base + (tx.i1[x] as number)] as number);
      rows[r * imgW + x] = f32(f32(a * w0) + f32(b * w1));
    }
  }
  const at = (y: number, x: number): number => {
    const h1 = ty.l1[y] as number;
    const h0 = f32(1 - h1);
    const top = rows[(ty.i0[y] as number) * imgW + x] as number;
    const bot = rows[(ty.i1[y] as number) * imgW + x] as number;
    return f32(f32(top * h0) + f32(bot * h1));
  };
  let min = Infinity;
  let max = -Infinity;
  for (let y = 0; y < imgH; y++) {
    for (let x = 0; x < imgW; x++) {
      const v = at(y, x);
      if (!Number.isFinite(v)) throw new Error(`depth map has a non-finite value at ${y * imgW + x}`);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const n = grid.width * grid.height;
  const disparity = new Float32Array(n);
  const dn = new Uint8Array(n);
  const z0 = new Float64Array(n);
  const range = f32(max - min);
  for (let gy = 0; gy < grid.height; gy++) {
    for (let gx = 0; gx < grid.width; gx++) {
      const i = gy * grid.width + gx;
      const v = at(grid.rows[gy] as number, grid.cols[gx] as number);
      disparity[i] = v;
      const d = range > 0 ? Math.trunc(f32(f32(f32(v - min) / range) * 255)) : 0;
      dn[i] = d;
      z0[i] = d === 0 ? 1 : 1 / d;
    }
  }
  return { disparity, dn, z0 };
}
