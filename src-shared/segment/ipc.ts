import { z } from 'zod';

/**
 * `segment:*` and `depth:*` channels (SAM2 click-to-segment, automatic scene segments, Depth Anything V2).
 * Final names (renderer: `api.segment.click(req)` etc.):
 *   segment:prepare    { imageId }                           -> { key }          encode in the background
 *   segment:click      { imageId, objectId?, points, box, previousMask?, choice } -> SegmentClickResult
 *   segment:auto       { imageId, settings? }                -> { jobId }        automatic masks as a job
 *   segment:autoResult { jobId }                             -> { width, height, masks }  waits for the job
 *   depth:estimate     { imageId }                           -> { width, height, z0, disparity, dn } (typed arrays, work grid)
 * Events: 'inference:progress' (task 'sam2:auto', jobId as returned) while automatic masks run, then
 * 'segment:autoDone' { jobId, imageId, ok, count, error? } when the job ends (fetch with segment:autoResult).
 * Cancel automatic masks with the existing 'jobs:cancel' { jobId }; segment:autoResult then fails 'jobs/cancelled'.
 *
 * Images are the AssetStore's imageIds (image:openPath / importBytes / project snapshots); coordinates are
 * continuous image pixels (x right, y down; pixel column i spans [i, i+1)), as SAM2's predictor takes them.
 * Masks travel as EncodedMask (src-shared/segment/maskCodec.ts: a Uint8Array of LEB128 run lengths,
 * alternating 0/1 runs starting with 0, row-major [height, width]; binary frames in the browser host,
 * structured clone in Electron); decode with `decodeMask(mask, width, height)`.
 *
 * Errors (StudioError codes): 'models/not-installed' (no segmentation/depth model: the message names the
 * model and says to install it from the Models panel or `levitor models install`), 'models/unrecognized'
 * (a broken or unexpected graph: the message says what was expected and found), 'models/unsupported' (a
 * segmentation model whose contract is none of sam2-encoder-decoder, sam2-transformersjs, sam-v1, all
 * of which clicks drive), 'jobs/cancelled',
 * 'jobs/not-found' (unknown jobId), 'image/not-found' (unknown imageId).
 */

const ImageId = z.string().min(1).max(200);

/** Inference host -> main: a message starting with this mark is a model that cannot be opened (broken graph). */
export const UNRECOGNIZED_MARK = '[models/unrecognized]';

/** The run-length mask's bytes (maskCodec.ts), binary on every transport. */
export const EncodedMask = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected mask bytes');

export const SegmentPoint = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  /** 1 = positive (object), 0 = negative (background). */
  label: z.union([z.literal(0), z.literal(1)]),
});
export type SegmentPoint = z.infer<typeof SegmentPoint>;

/** 'reference' = the second of SAM's three masks (the LeviTor demo); 'bestIou' = highest predicted IoU. */
export const MaskChoice = z.enum(['reference', 'bestIou']);
export type MaskChoice = z.infer<typeof MaskChoice>;

export const SegmentClickRequest = z
  .object({
    imageId: ImageId,
    /** The object being segmented; main keeps its last low-res logits under imageId+objectId. */
    objectId: z.string().min(1).max(200).optional(),
    points: z.array(SegmentPoint).max(256),
    /** [x0, y0, x1, y1] in image pixels, or null. At least one point or a box is required. */
    box: z
      .tuple([z.number().finite(), z.number().finite(), z.number().finite(), z.number().finite()])
      .nullable(),
    /** Feed the object's previous click logits back as mask input (refinement). Needs objectId. */
    previousMask: z.boolean().optional(),
    choice: MaskChoice,
  })
  .strict();
export type SegmentClickRequest = z.infer<typeof SegmentClickRequest>;

export const SegmentClickResult = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** The chosen mask at image resolution (maskCodec.ts). */
  mask: EncodedMask,
  /** Predicted IoU of SAM's three masks. */
  ious: z.array(z.number()),
  chosen: z.number().int().nonnegative(),
  /** Pixels in the mask. */
  area: z.number().int().nonnegative(),
  /** True when the image embedding came from the cache (no encoder run for this click). */
  cacheHit: z.boolean(),
  /** True when the object's previous logits were used as mask input. */
  usedPrevious: z.boolean(),
});
export type SegmentClickResult = z.infer<typeof SegmentClickResult>;

export const AutoMaskInfo = z.object({
  mask: EncodedMask,
  area: z.number().int().nonnegative(),
  /** Predicted IoU. */
  iou: z.number(),
  /** Stability score. */
  stability: z.number(),
  /** XYXY, inclusive pixel indices (SAM's batched_mask_to_box). */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type AutoMaskInfo = z.infer<typeof AutoMaskInfo>;

export const DepthEstimate = z.object({
  /** Size of the maps: the image's nearest-cell work grid, longest side <= DEPTH_WORK_SIDE (1024). */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** float32 [height*width]: LeviTor depth Z0 (docs/levitor-method.md section 1), the image-size values there. */
  z0: z.instanceof(Float32Array),
  /** float32 [height*width]: the network's raw disparity, for display. */
  disparity: z.instanceof(Float32Array),
  /** uint8 [height*width]: the 8-bit normalised disparity Dn; Z0 = 1/Dn exactly (Dn = 0 -> 1). */
  dn: z.instanceof(Uint8Array),
});
export type DepthEstimate = z.infer<typeof DepthEstimate>;

/**
 * Overrides of the reference automatic-mask settings (32x32 grid, batches of 64, predicted IoU > 0.88,
 * stability >= 0.95 with offset 1, box NMS 0.7). Leave out for the reference behaviour.
 */
export const AutoSettings = z
  .object({
    pointsPerSide: z.number().int().min(1).max(128),
    pointsPerBatch: z.number().int().min(1).max(1024),
    predIouThresh: z.number().min(0).max(1),
    stabilityScoreThresh: z.number().min(0).max(1),
    stabilityScoreOffset: z.number().min(0),
    boxNmsThresh: z.number().min(0).max(1),
  })
  .partial()
  .strict();
export type AutoSettings = z.infer<typeof AutoSettings>;

export const segmentChannels = {
  'segment:prepare': {
    request: z.object({ imageId: ImageId }).strict(),
    response: z.object({ key: z.string() }),
  },
  'segment:click': { request: SegmentClickRequest, response: SegmentClickResult },
  'segment:auto': {
    request: z.object({ imageId: ImageId, settings: AutoSettings.optional() }).strict(),
    response: z.object({ jobId: z.string() }),
  },
  'segment:autoResult': {
    request: z.object({ jobId: z.string().min(1).max(200) }).strict(),
    response: z.object({ width: z.number().int(), height: z.number().int(), masks: z.array(AutoMaskInfo) }),
  },
  'depth:estimate': {
    request: z.object({ imageId: ImageId }).strict(),
    response: DepthEstimate,
  },
} as const;

export const SegmentAutoDone = z.object({
  jobId: z.string(),
  imageId: z.string(),
  ok: z.boolean(),
  /** Number of masks (0 when not ok). */
  count: z.number().int().nonnegative(),
  /** StudioError code and message when not ok (e.g. 'jobs/cancelled'). */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type SegmentAutoDone = z.infer<typeof SegmentAutoDone>;

export const segmentEvents = { 'segment:autoDone': SegmentAutoDone } as const;

export type SegmentChannel = keyof typeof segmentChannels;
export type SegmentParsedRequest<C extends SegmentChannel> = z.infer<(typeof segmentChannels)[C]['request']>;
export type SegmentResponse<C extends SegmentChannel> = z.infer<(typeof segmentChannels)[C]['response']>;
