import * as ort from 'onnxruntime-node';
import { imageKey, type Sam2Embedding } from './cache';
import { float32Output, runChecked } from './graphInfo';
import { type Prompt, type RgbImage, preprocessSam2, promptTensors, SAM2_SIZE } from './pre';
import { LOW_RES } from './post';
import type { DecodeResult, SegRunner } from './segRunner';
import { openRecognised, SessionPair } from './sessions';

export type { DecodeResult } from './segRunner';

/**
 * SAM2 "encoder + decoder" contract (7- or 8-input decoder). The graphs are recognised by their names and
 * shapes when opened; encode() caches by image content hash; decode() takes a prompt in image pixels.
 */
export class Sam2Runner extends SessionPair<Sam2Embedding> implements SegRunner {
  private constructor(
    encoder: ort.InferenceSession,
    decoder: ort.InferenceSession,
    readonly decoderKind: string,
  ) {
    super(encoder, decoder, 'sam2-encoder-decoder');
  }

  static open(
    encoderPath: string,
    decoderPath: string,
    providers: readonly string[] = ['cpu'],
  ): Promise<Sam2Runner> {
    return openRecognised(encoderPath, decoderPath, providers, ({ encoder, decoder, model }) => {
      if (model.contract !== 'sam2-encoder-decoder' || model.parts.encoder !== 0) {
        throw new Error(
          `sam2: expected the sam2-encoder-decoder contract (encoder, decoder), found ${model.contract}`,
        );
      }
      return new Sam2Runner(encoder, decoder, model.kinds.decoder ?? 'sam2-decoder');
    });
  }

  /** Sessions already opened and recognised (open.ts dispatches by contract). */
  static fromSessions(enc: ort.InferenceSession, dec: ort.InferenceSession, decoderKind: string): Sam2Runner {
    return new Sam2Runner(enc, dec, decoderKind);
  }

  /** Features of an image; re-encodes only for pixels not seen (content hash). */
  async encode(img: RgbImage): Promise<Sam2Embedding> {
    const key = imageKey(img);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const enc = this.encoder;
    const x = preprocessSam2(img); // [1,3,1024,1024]
    const out = await runChecked(enc, 'sam2 encoder', {
      image: new ort.Tensor('float32', x, [1, 3, SAM2_SIZE, SAM2_SIZE]),
    });
    this.encodeCount++;
    const e: Sam2Embedding = {
      key,
      width: img.width,
      height: img.height,
      highRes0: float32Output(out, 'high_res_feats_0', 'sam2 encoder').data as Float32Array,
      highRes1: float32Output(out, 'high_res_feats_1', 'sam2 encoder').data as Float32Array,
      imageEmbed: float32Output(out, 'image_embed', 'sam2 encoder').data as Float32Array,
    };
    this.cache.set(e);
    return e;
  }

  /**
   * One prompt (L = 1) or a batch of single-point prompts (AMG). `maskInput` [1,1,256,256] = previous low-res
   * logits for a refinement click (7-input decoder only).
   */
  async decode(
    e: Sam2Embedding,
    prompts: readonly Prompt[],
    maskInput?: Float32Array,
  ): Promise<DecodeResult> {
    const dec = this.decoder;
    const tensors = prompts.map((p) => promptTensors(p, e.width, e.height));
    const n = tensors[0]?.n ?? 0;
    if (tensors.some((t) => t.n !== n))
      throw new Error('sam2: batched prompts must have the same number of points');
    const L = tensors.length;
    const coords = new Float32Array(L * n * 2);
    const labels = new Float32Array(L * n);
    tensors.forEach((t, i) => {
      coords.set(t.coords, i * n * 2);
      labels.set(t.labels, i * n);
    });
    const plane = LOW_RES * LOW_RES;
    const mask = new Float32Array(L * plane);
    const has = new Float32Array(L);
    if (maskInput) {
      if (maskInput.length !== plane)
        throw new Error(`sam2: mask_input must be [1,1,256,256], got ${maskInput.length} values`);
      for (let i = 0; i < L; i++) mask.set(maskInput, i * plane);
      has.fill(1);
    }
    const feeds: Record<string, ort.Tensor> = {
      image_embed: new ort.Tensor('float32', e.imageEmbed, [1, 256, 64, 64]),
      high_res_feats_0: new ort.Tensor('float32', e.highRes0, [1, 32, 256, 256]),
      high_res_feats_1: new ort.Tensor('float32', e.highRes1, [1, 64, 128, 128]),
      point_coords: new ort.Tensor('float32', coords, [L, n, 2]),
      point_labels: new ort.Tensor('float32', labels, [L, n]),
      mask_input: new ort.Tensor('float32', mask, [L, 1, LOW_RES, LOW_RES]),
      has_mask_input: new ort.Tensor('float32', has, [L]),
    };
    const full = this.decoderKind === 'sam2-decoder-orig-size';
    if (full) feeds.orig_im_size = new ort.Tensor('int32', Int32Array.from([e.height, e.width]), [2]);
    const t0 = performance.now();
    const out = await runChecked(dec, 'sam2 decoder', feeds);
    const runMs = performance.now() - t0;
    const masks = float32Output(out, 'masks', 'sam2 decoder');
    const iou = float32Output(out, 'iou_predictions', 'sam2 decoder');
    return {
      masks: masks.data as Float32Array,
      maskWidth: full ? e.width : LOW_RES,
      maskHeight: full ? e.height : LOW_RES,
      iou: iou.data as Float32Array,
      runMs,
      refine: full ? null : (masks.data as Float32Array),
    };
  }
}
