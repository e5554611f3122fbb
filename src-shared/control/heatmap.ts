/**
 * Section 7: per-frame control image, float32 [F,3,H,W], no normalisation.
 * For each keypoint in list order: box x in [max(c-10,1), min(c+10,W-1)), y in [max(r-10,1), min(r+10,H-1));
 * ch0 = template resized to the box, ch1 = id and ch2 = depth & 255 (uint8 wrap) where the template is
 * non-zero; the whole box is overwritten, zeros included, so later points overwrite earlier ones.
 */
import type { Keypoint } from './keypoints';
import { templateFor } from './template';

export const GAUSSIAN_SIDE = 10;

export function controlTensor(
  kps: readonly Keypoint[][],
  width: number,
  height: number,
  reuse?: Float32Array,
): Float32Array {
  const n = width * height;
  const size = kps.length * 3 * n;
  const out = reuse?.length === size ? reuse.fill(0) : new Float32Array(size);
  for (let i = 0; i < kps.length; i++) {
    const frame = kps[i] as Keypoint[];
    const c0 = i * 3 * n;
    for (const [r, c, id, depth] of frame) {
      if (c < 0 || c >= width || r < 0 || r >= height) continue;
      const x1 = Math.max(c - GAUSSIAN_SIDE, 1);
      const x2 = Math.min(c + GAUSSIAN_SIDE, width - 1);
      const y1 = Math.max(r - GAUSSIAN_SIDE, 1);
      const y2 = Math.min(r + GAUSSIAN_SIDE, height - 1);
      if (x2 - x1 < 1 || y2 - y1 < 1) continue; // the reference crashes here; we skip the point
      const w = x2 - x1;
      const t = templateFor(w, y2 - y1);
      const d8 = depth & 255;
      for (let y = y1, tr = 0; y < y2; y++, tr += w) {
        const o = c0 + y * width + x1; // channel 0 of (y, x1); channels 1 and 2 are n and 2n further
        for (let k = 0; k < w; k++) {
          const v = t[tr + k] as number;
          out[o + k] = v;
          if (v !== 0) {
            out[o + n + k] = id;
            out[o + 2 * n + k] = d8;
          } else {
            out[o + n + k] = 0;
            out[o + 2 * n + k] = 0;
          }
        }
      }
    }
  }
  return out;
}
