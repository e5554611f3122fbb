import { upsampleBilinear } from './resize';
import type { DecodeResult } from './segRunner';

/** Low-res logits side: [3,256,256] per prompt. */
export const LOW_RES = 256;

export const maskChoices = ['reference', 'best-iou'] as const;
export type MaskChoice = (typeof maskChoices)[number];

/** reference = index 1 of 3 (the LeviTor demo's choice); best-iou = argmax of predicted IoU (first on ties). */
export function chooseMask(iou: ArrayLike<number>, choice: MaskChoice): number {
  if (choice === 'reference') return 1;
  let best = 0;
  for (let i = 1; i < iou.length; i++) if ((iou[i] as number) > (iou[best] as number)) best = i;
  return best;
}

/** Mask k of low-res logits [M,256,256] -> logits at image size [H,W] (bilinear, align_corners=False). */
export function logitsToImage(lowRes: Float32Array, k: number, width: number, height: number): Float32Array {
  const plane = LOW_RES * LOW_RES;
  return upsampleBilinear(lowRes.subarray(k * plane, (k + 1) * plane), LOW_RES, LOW_RES, width, height);
}

/** logits > threshold -> 0/1 bytes. */
export function threshold(logits: Float32Array, t = 0): Uint8Array {
  const m = new Uint8Array(logits.length);
  for (let i = 0; i < logits.length; i++) m[i] = (logits[i] as number) > t ? 1 : 0;
  return m;
}

/** One mask of the low-res logits, copied (to feed back as mask_input [1,1,256,256] on refinement). */
export function lowResPlane(lowRes: Float32Array, k: number): Float32Array {
  const plane = LOW_RES * LOW_RES;
  return lowRes.slice(k * plane, (k + 1) * plane);
}

/** The 1024 square the low-res logits cover (SAM2 and SAM v1 alike). */
const INPUT_SIDE = 1024;

/**
 * The logits plane of mask i (prompt * 3 + k) that resizes straight to the image: the decoder's plane as it
 * is (low-res of a stretched input, or already image-size), or for a padded input (SAM v1, older
 * transformers.js configs) its [newH,newW] corner of the resize to 1024, as their post-processing crops it.
 */
export function imageSource(
  d: DecodeResult,
  i: number,
): { plane: Float32Array; width: number; height: number } {
  const n = d.maskWidth * d.maskHeight;
  const low = d.masks.subarray(i * n, (i + 1) * n);
  if (!d.padded) return { plane: low, width: d.maskWidth, height: d.maskHeight };
  const { width, height } = d.padded;
  const plane = upsampleBilinear(low, d.maskWidth, d.maskHeight, width, height, INPUT_SIDE, INPUT_SIDE);
  return { plane, width, height };
}

/** Logits of mask i at image size [H,W] (SAM2ImagePredictor / SamPredictor post-processing, bilinear). */
export function maskLogits(d: DecodeResult, i: number, width: number, height: number): Float32Array {
  const s = imageSource(d, i);
  if (s.width === width && s.height === height) return s.plane;
  return upsampleBilinear(s.plane, s.width, s.height, width, height);
}
