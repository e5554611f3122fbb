import * as ort from 'onnxruntime-node';
import { imageKey, type Sam2Embedding, type SegEmbedding } from '../sam2/cache';
import { float32Output, runChecked } from '../sam2/graphInfo';
import { type Prompt, type RgbImage, preprocessSam2, SAM2_SIZE } from '../sam2/pre';
import { LOW_RES } from '../sam2/post';
import { resizeRgbAntialias } from '../sam2/resize';
import type { DecodeResult, SegRunner } from '../sam2/segRunner';
import { SessionPair } from '../sam2/sessions';
import { longestSideShape, type PixelNorm, preprocessPadded, toPaddedCoords } from '../samv1/pre';
import { DEFAULT_GEOMETRY, type Sam2JsGeometry } from './config';

const FEATS = ['image_embeddings.0', 'image_embeddings.1', 'image_embeddings.2'] as const;

/** Same statistics up to JSON's decimal rounding (1/255 written as 0.00392156862745098). */
function sameNorm(a: PixelNorm, b: PixelNorm): boolean {
  const close = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(y));
  return (
    close(a.rescale, b.rescale) &&
    [0, 1, 2].every(
      (c) => close(a.mean[c] as number, b.mean[c] as number) && close(a.std[c] as number, b.std[c] as number),
    )
  );
}

/**
 * SAM2 in the transformers.js layout (vision_encoder + prompt_encoder_mask_decoder, docs/model-contracts.md).
 * The embeddings are the same three SAM2 feature maps, so they share Sam2Embedding. The decoder has no
 * previous-mask input: a refinement click is answered by re-running the decoder with all the object's points
 * (the studio always sends them all), so `refine` is null and `maskInput` is ignored.
 */
export class Sam2JsRunner extends SessionPair<Sam2Embedding> implements SegRunner {
  constructor(
    encoder: ort.InferenceSession,
    decoder: ort.InferenceSession,
    readonly geometry: Sam2JsGeometry = DEFAULT_GEOMETRY,
  ) {
    super(encoder, decoder, 'sam2-transformersjs');
  }

  async encode(img: RgbImage): Promise<Sam2Embedding> {
    const key = imageKey(img);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out = await runChecked(this.encoder, 'sam2 (transformers.js) vision encoder', {
      pixel_values: new ort.Tensor('float32', this.pixels(img), [1, 3, SAM2_SIZE, SAM2_SIZE]),
    });
    this.encodeCount++;
    const [f0, f1, f2] = FEATS.map((n) => float32Output(out, n, 'sam2 vision encoder').data as Float32Array);
    const e: Sam2Embedding = {
      key,
      width: img.width,
      height: img.height,
      highRes0: f0 as Float32Array,
      highRes1: f1 as Float32Array,
      imageEmbed: f2 as Float32Array,
    };
    this.cache.set(e);
    return e;
  }

  /** [1,3,1024,1024] in the config's geometry (stretch: SAM2ImagePredictor's resize; pad: SAM v1's). */
  private pixels(img: RgbImage): Float32Array {
    const { mode, norm } = this.geometry;
    if (mode === 'pad') return preprocessPadded(img, norm);
    if (sameNorm(norm, DEFAULT_GEOMETRY.norm)) return preprocessSam2(img); // SAM2.1 repos: ImageNet, 1/255
    const x = resizeRgbAntialias(img.data, img.width, img.height, SAM2_SIZE, SAM2_SIZE); // pixel/255
    const plane = SAM2_SIZE * SAM2_SIZE;
    const scale = norm.rescale * 255; // x is already pixel/255
    for (let c = 0; c < 3; c++) {
      const [m, s] = [norm.mean[c] as number, norm.std[c] as number];
      for (let i = c * plane; i < (c + 1) * plane; i++) {
        const v = scale === 1 ? (x[i] as number) : Math.fround((x[i] as number) * scale);
        x[i] = Math.fround(Math.fround(v - m) / s);
      }
    }
    return x;
  }

  /** P prompts with the same number of points in one run: input_points [1,P,N,2], boxes [1,nb,4] (nb 0/1). */
  async decode(e: SegEmbedding, prompts: readonly Prompt[]): Promise<DecodeResult> {
    const s = e as Sam2Embedding;
    if (!s.imageEmbed) throw new Error('sam2-transformersjs: the embedding was not made by this runner');
    const P = prompts.length;
    const n = prompts[0]?.points?.length ?? 0;
    const box = prompts[0]?.box;
    if (prompts.some((p) => (p.points?.length ?? 0) !== n || (p.box === undefined) !== (box === undefined)))
      throw new Error('sam2-transformersjs: batched prompts must have the same number of points and boxes');
    if (P > 1 && box) throw new Error('sam2-transformersjs: a box prompt is decoded alone (one box per run)');
    if (n === 0 && !box) throw new Error('sam2-transformersjs: a prompt needs at least one point or a box');
    const pad = this.geometry.mode === 'pad';
    const at = (x: number, y: number): [number, number] =>
      pad
        ? toPaddedCoords(x, y, e.width, e.height)
        : [
            Math.fround(Math.fround(x / e.width) * SAM2_SIZE),
            Math.fround(Math.fround(y / e.height) * SAM2_SIZE),
          ];
    const points = new Float32Array(P * n * 2);
    const labels = new BigInt64Array(P * n);
    prompts.forEach((p, i) =>
      (p.points ?? []).forEach((q, j) => {
        points.set(at(q.x, q.y), (i * n + j) * 2);
        labels[i * n + j] = BigInt(q.label);
      }),
    );
    const boxes = box
      ? Float32Array.from([...at(box.x0, box.y0), ...at(box.x1, box.y1)])
      : new Float32Array(0);
    const feeds: Record<string, ort.Tensor> = {
      [FEATS[0]]: new ort.Tensor('float32', s.highRes0, [1, 32, 256, 256]),
      [FEATS[1]]: new ort.Tensor('float32', s.highRes1, [1, 64, 128, 128]),
      [FEATS[2]]: new ort.Tensor('float32', s.imageEmbed, [1, 256, 64, 64]),
      input_points: new ort.Tensor('float32', points, [1, P, n, 2]),
      input_labels: new ort.Tensor('int64', labels, [1, P, n]),
      input_boxes: new ort.Tensor('float32', boxes, [1, box ? 1 : 0, 4]),
    };
    const t0 = performance.now();
    const out = await runChecked(this.decoder, 'sam2 (transformers.js) decoder', feeds);
    const runMs = performance.now() - t0;
    // object_score_logits is not read: SAM2ImagePredictor does not gate image masks on it either.
    return {
      masks: float32Output(out, 'pred_masks', 'sam2 decoder').data as Float32Array, // [1,P,3,256,256]
      maskWidth: LOW_RES,
      maskHeight: LOW_RES,
      iou: float32Output(out, 'iou_scores', 'sam2 decoder').data as Float32Array, // [1,P,3]
      runMs,
      refine: null,
      ...(pad ? { padded: longestSideShape(e.width, e.height) } : {}),
    };
  }
}
