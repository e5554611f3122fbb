import * as ort from 'onnxruntime-node';
import { imageKey, type SegEmbedding } from '../sam2/cache';
import { float32Output, runChecked } from '../sam2/graphInfo';
import type { Prompt, RgbImage } from '../sam2/pre';
import { LOW_RES } from '../sam2/post';
import type { DecodeResult, SegRunner } from '../sam2/segRunner';
import { SessionPair } from '../sam2/sessions';
import { longestSideShape, PAD_SIDE, preprocessPadded, SAM_V1_NORM, toPaddedCoords } from './pre';

/** [1,256,64,64] image embedding of SAM v1 (ViT + neck). */
export interface SamV1Embedding extends SegEmbedding {
  imageEmbeddings: Float32Array;
}

/**
 * SAM v1 contract (MobileSAM, SlimSAM, SAM ViT official decoder export, docs/model-contracts.md): an image encoder
 * `image` [1,3,1024,1024] -> `image_embeddings`, and the SamOnnxModel decoder with batch 1, so a batch of
 * prompts (automatic masks) runs one prompt at a time. The decoder's full-size `masks` are not read: its
 * `low_res_masks` with the same post-processing in TypeScript (post.ts maskLogits, padded geometry) give the
 * same masks and keep automatic masks from holding L x 3 image-size planes.
 */
export class SamV1Runner extends SessionPair<SamV1Embedding> implements SegRunner {
  constructor(encoder: ort.InferenceSession, decoder: ort.InferenceSession) {
    super(encoder, decoder, 'sam-v1');
  }

  async encode(img: RgbImage): Promise<SamV1Embedding> {
    const key = imageKey(img);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const x = preprocessPadded(img, SAM_V1_NORM); // [1,3,1024,1024]
    const enc = this.encoder;
    // `image` or `input_image` (contracts.ts accepts both names for the same [1,3,1024,1024] input).
    const out = await runChecked(enc, 'sam-v1 encoder', {
      [enc.inputNames[0] ?? 'image']: new ort.Tensor('float32', x, [1, 3, PAD_SIDE, PAD_SIDE]),
    });
    this.encodeCount++;
    const e: SamV1Embedding = {
      key,
      width: img.width,
      height: img.height,
      imageEmbeddings: float32Output(out, 'image_embeddings', 'sam-v1 encoder').data as Float32Array,
    };
    this.cache.set(e);
    return e;
  }

  async decode(e: SegEmbedding, prompts: readonly Prompt[], maskInput?: Float32Array): Promise<DecodeResult> {
    const emb = (e as SamV1Embedding).imageEmbeddings;
    if (!emb) throw new Error('sam-v1: the embedding was not made by this runner');
    const dec = this.decoder;
    const plane = LOW_RES * LOW_RES;
    if (maskInput && maskInput.length !== plane)
      throw new Error(`sam-v1: mask_input must be [1,1,256,256], got ${maskInput.length} values`);
    const L = prompts.length;
    const low = new Float32Array(L * 3 * plane);
    const iou = new Float32Array(L * 3);
    let runMs = 0;
    for (let i = 0; i < L; i++) {
      const t = promptTensors(prompts[i] as Prompt, e.width, e.height);
      const feeds: Record<string, ort.Tensor> = {
        image_embeddings: new ort.Tensor('float32', emb, [1, 256, 64, 64]),
        point_coords: new ort.Tensor('float32', t.coords, [1, t.n, 2]),
        point_labels: new ort.Tensor('float32', t.labels, [1, t.n]),
        mask_input: new ort.Tensor('float32', maskInput ?? new Float32Array(plane), [1, 1, LOW_RES, LOW_RES]),
        has_mask_input: new ort.Tensor('float32', Float32Array.of(maskInput ? 1 : 0), [1]),
        orig_im_size: new ort.Tensor('float32', Float32Array.of(e.height, e.width), [2]),
      };
      const t0 = performance.now();
      // Not `masks`: the export upsamples all four to the image inside the graph (most of its run time at
      // 1920x1080); the same post-processing runs on the chosen low-res mask only (maskLogits, padded).
      const out = await runChecked(dec, 'sam-v1 decoder', feeds, ['iou_predictions', 'low_res_masks']);
      runMs += performance.now() - t0;
      const lr = float32Output(out, 'low_res_masks', 'sam-v1 decoder');
      const ip = float32Output(out, 'iou_predictions', 'sam-v1 decoder').data as Float32Array;
      // Multimask exports give 4 masks (the single-mask token first): SamPredictor keeps the last 3. A
      // return_single_mask export gives 1: repeated so "reference" and "best IoU" still have three to pick from.
      const m = ip.length;
      if (m !== 4 && m !== 3 && m !== 1)
        throw new Error(`sam-v1 decoder: expected 1, 3 or 4 masks, got ${m}`);
      for (let k = 0; k < 3; k++) {
        const src = m === 4 ? k + 1 : m === 3 ? k : 0;
        low.set((lr.data as Float32Array).subarray(src * plane, (src + 1) * plane), (i * 3 + k) * plane);
        iou[i * 3 + k] = ip[src] as number;
      }
    }
    return {
      masks: low,
      maskWidth: LOW_RES,
      maskHeight: LOW_RES,
      iou,
      runMs,
      refine: low,
      padded: longestSideShape(e.width, e.height),
    };
  }
}

/**
 * Prompt in image pixels -> point_coords [1,N,2] in the resized image's pixels and point_labels [1,N]: the
 * clicks (1/0), then the box corners (2/3) as SamPredictor orders them, else a padding point (0,0) label -1
 * (the decoder export adds none itself).
 */
export function promptTensors(
  p: Prompt,
  width: number,
  height: number,
): { coords: Float32Array; labels: Float32Array; n: number } {
  const pts: [number, number, number][] = (p.points ?? []).map((q) => [q.x, q.y, q.label]);
  if (p.box) pts.push([p.box.x0, p.box.y0, 2], [p.box.x1, p.box.y1, 3]);
  if (pts.length === 0) throw new Error('sam-v1: a prompt needs at least one point or a box');
  const coords: number[] = [];
  const labels: number[] = [];
  for (const [x, y, l] of pts) {
    coords.push(...toPaddedCoords(x, y, width, height));
    labels.push(l);
  }
  if (!p.box) {
    coords.push(0, 0);
    labels.push(-1);
  }
  return { coords: Float32Array.from(coords), labels: Float32Array.from(labels), n: labels.length };
}
