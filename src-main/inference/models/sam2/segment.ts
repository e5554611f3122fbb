import type { Sam2Runner } from './runner';
import type { Prompt, RgbImage } from './pre';
import { chooseMask, logitsToImage, lowResPlane, type MaskChoice, threshold } from './post';

export interface ClickResult {
  /** 0/1 [H,W] at image resolution. */
  mask: Uint8Array;
  width: number;
  height: number;
  /** Predicted IoU of the three masks and the index chosen. */
  iou: [number, number, number];
  chosen: number;
  /** Low-res logits of the chosen mask [256,256], to pass back as `previous` on the next click (refinement). */
  lowRes: Float32Array | null;
  decodeMs: number;
}

/**
 * A click (or box) -> mask at image resolution. The image is encoded once per content hash; `previous` is
 * the last click's low-res logits, fed back as mask_input (refinement clicks).
 */
export async function segmentClick(
  runner: Sam2Runner,
  img: RgbImage,
  prompt: Prompt,
  opts: { choice?: MaskChoice; previous?: Float32Array | null } = {},
): Promise<ClickResult> {
  const e = await runner.encode(img);
  const r = await runner.decode(e, [prompt], opts.previous ?? undefined);
  const iou: [number, number, number] = [r.iou[0] ?? 0, r.iou[1] ?? 0, r.iou[2] ?? 0];
  const k = chooseMask(iou, opts.choice ?? 'reference');
  const lowResMode = r.maskWidth !== img.width || r.maskHeight !== img.height;
  const plane = r.maskWidth * r.maskHeight;
  const logits = lowResMode
    ? logitsToImage(r.masks, k, img.width, img.height)
    : r.masks.subarray(k * plane, (k + 1) * plane);
  return {
    mask: threshold(logits),
    width: img.width,
    height: img.height,
    iou,
    chosen: k,
    lowRes: lowResMode ? lowResPlane(r.masks, k) : null,
    decodeMs: r.runMs,
  };
}
