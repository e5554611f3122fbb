import type { Prompt, RgbImage } from './pre';
import { chooseMask, lowResPlane, maskLogits, type MaskChoice, threshold } from './post';
import type { SegRunner } from './segRunner';

export interface ClickResult {
  /** 0/1 [H,W] at image resolution. */
  mask: Uint8Array;
  width: number;
  height: number;
  /** Predicted IoU of the three masks and the index chosen. */
  iou: [number, number, number];
  chosen: number;
  /**
   * Low-res logits of the chosen mask [256,256], to pass back as `previous` on the next click (refinement);
   * null when the contract takes no previous mask (transformers.js SAM2, SAM2 orig_im_size variant).
   */
  lowRes: Float32Array | null;
  decodeMs: number;
}

/**
 * A click (or box) -> mask at image resolution. The image is encoded once per content hash; `previous` is
 * the last click's low-res logits, fed back as mask_input (refinement clicks).
 */
export async function segmentClick(
  runner: SegRunner,
  img: RgbImage,
  prompt: Prompt,
  opts: { choice?: MaskChoice; previous?: Float32Array | null } = {},
): Promise<ClickResult> {
  const e = await runner.encode(img);
  const r = await runner.decode(e, [prompt], opts.previous ?? undefined);
  const iou: [number, number, number] = [r.iou[0] ?? 0, r.iou[1] ?? 0, r.iou[2] ?? 0];
  const k = chooseMask(iou, opts.choice ?? 'reference');
  return {
    mask: threshold(maskLogits(r, k, img.width, img.height)),
    width: img.width,
    height: img.height,
    iou,
    chosen: k,
    lowRes: r.refine ? lowResPlane(r.refine, k) : null,
    decodeMs: r.runMs,
  };
}
