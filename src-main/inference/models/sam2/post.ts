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
 * Logits of mask i (prompt * 3 + k) of a decode at image size [H,W], for every output geometry: image-size
 * masks as they are; padded inputs as SAM v1 / transformers' post-processing (to 1024, crop, to the image);
 * stretched inputs straight from 256 to the image (SAM2ImagePredictor).
 */
export function maskLogits(d: DecodeResult, i: number, width: number, height: number): Float32Array {
  const plane = d.maskWidth * d.maskHeight;
  if (d.maskWidth === width && d.maskHeight === height && !d.padded) {
    return d.masks.subarray(i * plane, (i + 1) * plane);
  }
  const low = d.masks.subarray(i * plane, (i + 1) * plane);
  if (!d.padded) return upsampleBilinear(low, d.maskWidth, d.maskHeight, width, height);
  const { width: cw, height: ch } = d.padded;
  const crop = upsampleBilinear(low, d.maskWidth, d.maskHeight, cw, ch, INPUT_SIDE, INPUT_SIDE);
  return upsampleBilinear(crop, cw, ch, width, height);
}
