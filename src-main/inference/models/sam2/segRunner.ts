import type { SegEmbedding } from './cache';
import type { Prompt, RgbImage } from './pre';

/** One decode: three masks per prompt as logits, their predicted IoUs, and what refinement may feed back. */
export interface DecodeResult {
  /**
   * Logits [L,3,maskHeight,maskWidth]: low-res [L,3,256,256] (clamped to +-32 by the SAM2 7-input decoder)
   * or image-size [L,3,H,W] (the SAM2 orig_im_size variant).
   */
  masks: Float32Array;
  maskWidth: number;
  maskHeight: number;
  /** [L,3] */
  iou: Float32Array;
  /** Milliseconds inside session.run (summed when a contract runs one prompt at a time). */
  runMs: number;
  /** Low-res logits [L,3,256,256] the decoder accepts back as mask_input, or null (no such input / none). */
  refine: Float32Array | null;
  /**
   * Set when the input was the longest side resized to 1024 and zero-padded (SAM v1, older transformers.js
   * configs): the [newWidth x newHeight] corner of the 1024 square the image occupies. Low-res logits then map
   * to the image by upsampling to 1024, cropping that corner and upsampling to the image (post.ts maskLogits).
   */
  padded?: { width: number; height: number };
}

/**
 * What the segment tasks, clicks and automatic masks need from a segmentation contract's runner (SAM2
 * encoder + decoder, SAM2 transformers.js, SAM v1): encode once per image content, decode prompts in pixels.
 * The embedding type is the runner's own; callers only pass back what encode() gave them.
 */
export interface SegRunner {
  readonly contract: string;
  readonly cache: { get(key: string): SegEmbedding | undefined };
  readonly encodeCount: number;
  encode(img: RgbImage): Promise<SegEmbedding>;
  /** `maskInput` [256*256]: previous low-res logits (ignored by contracts with no mask input: refine null). */
  decode(e: SegEmbedding, prompts: readonly Prompt[], maskInput?: Float32Array): Promise<DecodeResult>;
  release(): Promise<void>;
}
