import { z } from 'zod';
import { UNRECOGNIZED_MARK } from '../../../../src-shared/segment/ipc';
import { encodeThreshold } from '../../../../src-shared/segment/maskCodec';
import { upsampleThresholdEncode } from '../../../../src-shared/segment/maskUpsample';
import { type AmgProgress, type AmgSettings, type AutoMask, generateMasks, REFERENCE_AMG } from './amg';
import type { SegEmbedding } from './cache';
import { openSegRunner } from './open';
import type { Prompt, RgbImage } from './pre';
import { chooseMask, imageSource, lowResPlane, type MaskChoice } from './post';
import type { SegRunner } from './segRunner';
import { type ClickResult, segmentClick } from './segment';

/**
 * Task handlers for the inference host's registry: `sam2:encode`, `sam2:decode`, `sam2:auto`, for every
 * segmentation contract (open.ts picks the runner from the graphs). Sessions stay open per (encoder,
 * decoder) pair, so the embedding cache survives between clicks; `dispose` frees them.
 * (src-main/inference/tasks.ts registers these when the host exists.)
 */
export interface TaskContext {
  signal?: AbortSignal;
  progress?: (done: number, total: number) => void;
  /** The host's priority gate (automatic masks give way to clicks between chunks). */
  pause?: () => Promise<void>;
}
export interface Sam2ModelRef {
  encoderPath: string;
  decoderPath: string;
  /** transformers.js preprocessor_config.json installed with the model (input geometry), if any. */
  configPath?: string | undefined;
  providers?: readonly string[];
}

export class Sam2Tasks {
  private readonly runners = new Map<string, Promise<SegRunner>>();
  /**
   * Encodes by main's reference (one per image and model), in flight or done. A click made before its
   * embedding exists is sent with the reference and waits here, so it is already queued on the native lane
   * when the encoder finishes and goes before depth (nativeLane.ts); waiting in main, it arrived after.
   */
  private readonly byRef = new Map<string, Promise<string>>();
  /** Automatic-mask runs stopped part-way, by (contract, embedding, settings): a few, they are small. */
  private readonly partial = new Map<string, AmgProgress>();

  private runner(m: Sam2ModelRef): Promise<SegRunner> {
    const key = `${m.encoderPath}\n${m.decoderPath}\n${m.configPath ?? ''}\n${(m.providers ?? ['cpu']).join()}`;
    let r = this.runners.get(key);
    if (!r) {
      r = openSegRunner(m.encoderPath, m.decoderPath, m.providers ?? ['cpu'], m.configPath);
      r.catch(() => this.runners.delete(key));
      this.runners.set(key, r);
    }
    return r;
  }

  /** Opens (or reuses) the sessions of a model; throws what onnxruntime or recognition said. */
  async open(m: Sam2ModelRef): Promise<void> {
    await this.runner(m);
  }

  /** sam2:encode - warm the embedding cache for an image (returns its content key). */
  async encode(p: {
    model: Sam2ModelRef;
    image: RgbImage;
    ref?: string | undefined;
  }): Promise<{ key: string }> {
    const key = this.runner(p.model).then(async (r) => (await r.encode(p.image)).key);
    if (p.ref !== undefined) {
      const ref = p.ref;
      this.byRef.delete(ref);
      this.byRef.set(ref, key);
      key.catch(() => this.byRef.get(ref) === key && this.byRef.delete(ref));
      while (this.byRef.size > 64) this.byRef.delete(this.byRef.keys().next().value as string);
    }
    return { key: await key };
  }

  /** sam2:decode - prompt -> mask at image size, IoUs, chosen index, low-res logits for refinement. */
  async decode(p: {
    model: Sam2ModelRef;
    image: RgbImage;
    prompt: Prompt;
    choice?: MaskChoice;
    previous?: Float32Array | null;
  }): Promise<ClickResult> {
    const r = await this.runner(p.model);
    return segmentClick(r, p.image, p.prompt, {
      choice: p.choice ?? 'reference',
      previous: p.previous ?? null,
    });
  }

  /**
   * Decode against an embedding found by content key, or by the reference of an encode (waiting for it when
   * it is still running): no pixels sent per click. Without a cached embedding and without `image` it
   * answers `null` (the caller resends with the pixels).
   */
  async decodeKeyed(p: {
    model: Sam2ModelRef;
    key?: string | undefined;
    ref?: string | undefined;
    image?: RgbImage | undefined;
    prompt: Prompt;
    choice: MaskChoice;
    previous?: Float32Array | null | undefined;
  }): Promise<
    (Omit<ClickResult, 'mask'> & { mask: Uint8Array; area: number; cacheHit: boolean; postMs: number }) | null
  > {
    const r = await this.runner(p.model);
    const key = p.key ?? (await this.byRef.get(p.ref ?? '')?.catch(() => undefined));
    let e: SegEmbedding | undefined = key !== undefined ? r.cache.get(key) : undefined;
    let cacheHit = e !== undefined;
    if (!e) {
      if (!p.image) return null;
      const before = r.encodeCount;
      e = await r.encode(p.image);
      cacheHit = r.encodeCount === before;
    }
    const d = await r.decode(e, [p.prompt], p.previous ?? undefined);
    const iou: [number, number, number] = [d.iou[0] ?? 0, d.iou[1] ?? 0, d.iou[2] ?? 0];
    const k = chooseMask(iou, p.choice);
    // Same post-processing as segmentClick (post.ts maskLogits, then > 0), fused with the run-length
    // encoding so no image-size float plane is made (tests/integration/segment-upsample.test.ts: identical).
    const t0 = performance.now();
    const src = imageSource(d, k);
    const { mask, area } =
      src.width === e.width && src.height === e.height
        ? encodeThreshold(src.plane)
        : upsampleThresholdEncode(src.plane, src.width, src.height, e.width, e.height);
    return {
      mask,
      area,
      width: e.width,
      height: e.height,
      iou,
      chosen: k,
      lowRes: d.refine ? lowResPlane(d.refine, k) : null,
      decodeMs: d.runMs,
      postMs: performance.now() - t0,
      cacheHit,
    };
  }

  /**
   * sam2:auto - automatic masks (reference settings unless overridden), progress per chunk, cancellable. The
   * embedding comes from the cache by `key` (no pixels sent) or from `image`; with neither it answers null.
   * A run cancelled part-way leaves its finished chunks here, and the next run on the same embedding and
   * settings continues from them (an image closed and reopened does not start over).
   */
  async auto(
    p: {
      model: Sam2ModelRef;
      key?: string | undefined;
      image?: RgbImage | undefined;
      settings?: Partial<AmgSettings>;
    },
    ctx: TaskContext = {},
  ): Promise<{ width: number; height: number; masks: AutoMask[] } | null> {
    const r = await this.runner(p.model);
    let e: SegEmbedding | undefined = p.key !== undefined ? r.cache.get(p.key) : undefined;
    if (!e) {
      if (!p.image) return null;
      e = await r.encode(p.image);
    }
    const settings: AmgSettings = { ...REFERENCE_AMG, ...p.settings };
    const resumeKey = `${r.contract}\n${e.key}\n${JSON.stringify(settings)}`;
    const progress = this.partial.get(resumeKey) ?? { nextPoint: 0, candidates: [] };
    this.partial.delete(resumeKey);
    this.partial.set(resumeKey, progress);
    while (this.partial.size > 4) this.partial.delete(this.partial.keys().next().value as string);
    const opts: Parameters<typeof generateMasks>[2] = { settings, progress };
    if (ctx.signal) opts.signal = ctx.signal;
    if (ctx.progress) opts.onProgress = ctx.progress;
    if (ctx.pause) opts.pause = ctx.pause;
    const masks = await generateMasks(r, e, opts);
    this.partial.delete(resumeKey);
    return { width: e.width, height: e.height, masks };
  }

  async dispose(): Promise<void> {
    const all = [...this.runners.values()];
    this.runners.clear();
    for (const r of all) await (await r.catch(() => null))?.release();
  }
}

// ---- Host registry handlers (src-main/inference/tasks.ts): payloads validated here, masks sent run-length
// encoded (src-shared/segment/maskCodec.ts) so a click answers with a few KB instead of W*H bytes.

/** The parts of the host's TaskContext (src-main/inference/taskContext.ts) these handlers use. */
export interface HostTaskContext {
  readonly providers: readonly string[];
  readonly signal: AbortSignal;
  reportProgress(done: number, total: number, detail?: string): void;
  pause?: () => Promise<void>;
}

/** Marks a model that cannot be opened (broken file, unexpected graph): main maps it to models/unrecognized. */
export { UNRECOGNIZED_MARK };

const hostSam2 = new Sam2Tasks();
const Model = z.object({
  encoderPath: z.string().min(1),
  decoderPath: z.string().min(1),
  configPath: z.string().min(1).optional(),
});
const Image = z
  .object({
    data: z.instanceof(Uint8Array),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  })
  .refine((i) => i.data.length === i.width * i.height * 3, 'image.data must hold width*height*3 RGB bytes');
const Point = z.object({ x: z.number(), y: z.number(), label: z.union([z.literal(0), z.literal(1)]) });
const Box = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });

/** Main's name for one encode of one image (any short string; a random UUID in SegmentService). */
const Ref = z.string().min(1).max(200);
const EncodePayload = z.object({ model: Model, image: Image, ref: Ref.optional() });
const DecodePayload = z.object({
  model: Model,
  key: z.string().optional(),
  ref: Ref.optional(),
  image: Image.optional(),
  points: z.array(Point),
  box: Box.nullable(),
  choice: z.enum(['reference', 'best-iou']),
  previous: z.instanceof(Float32Array).nullable().optional(),
});
const AutoPayload = z.object({
  model: Model,
  key: z.string().optional(),
  image: Image.optional(),
  settings: z
    .object({
      pointsPerSide: z.number().int().min(1).max(128),
      pointsPerBatch: z.number().int().min(1).max(1024),
      predIouThresh: z.number(),
      stabilityScoreThresh: z.number(),
      stabilityScoreOffset: z.number(),
      boxNmsThresh: z.number(),
    })
    .partial()
    .optional(),
});

function withProviders(m: z.infer<typeof Model>, ctx: HostTaskContext): Sam2ModelRef {
  return { ...m, providers: ctx.providers };
}

/** Opening the sessions is where a broken or foreign graph shows; say so in a way main can recognise. */
async function opening<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw new Error(`${UNRECOGNIZED_MARK} ${(e as Error).message ?? String(e)}`, { cause: e });
  }
}

export async function sam2EncodeHostTask(ctx: HostTaskContext, payload: unknown): Promise<{ key: string }> {
  const p = EncodePayload.parse(payload);
  const model = withProviders(p.model, ctx);
  await opening(() => hostSam2.open(model));
  return hostSam2.encode({ model, image: p.image, ref: p.ref });
}

export interface HostDecodeResult {
  /** EncodedMask of the chosen mask at image size. */
  mask: Uint8Array;
  area: number;
  width: number;
  height: number;
  iou: number[];
  chosen: number;
  /** Low-res logits [256,256] of the chosen mask (refinement input for the next click), or null. */
  lowRes: Float32Array | null;
  cacheHit: boolean;
  decodeMs: number;
  /** Upsample + threshold + encode time in the host (ms). */
  postMs: number;
}

/**
 * sam2:decode: by `key`, or by `ref` while main does not know the key yet (the encode is still running);
 * `{ needImage: true }` when that embedding is not cached (main resends the pixels).
 */
export async function sam2DecodeHostTask(
  ctx: HostTaskContext,
  payload: unknown,
): Promise<HostDecodeResult | { needImage: true }> {
  const p = DecodePayload.parse(payload);
  const model = withProviders(p.model, ctx);
  await opening(() => hostSam2.open(model));
  const prompt: Prompt = { points: p.points };
  if (p.box) prompt.box = p.box;
  const r = await hostSam2.decodeKeyed({
    model,
    key: p.key,
    ref: p.ref,
    image: p.image,
    prompt,
    choice: p.choice,
    previous: p.previous,
  });
  if (!r) return { needImage: true };
  return {
    mask: r.mask,
    area: r.area,
    width: r.width,
    height: r.height,
    iou: [...r.iou],
    chosen: r.chosen,
    lowRes: r.lowRes,
    cacheHit: r.cacheHit,
    decodeMs: r.decodeMs,
    postMs: r.postMs,
  };
}

export interface HostAutoMask {
  mask: Uint8Array;
  area: number;
  iou: number;
  stability: number;
  bbox: [number, number, number, number];
}

/**
 * sam2:auto: progress per chunk of grid points; gives way to interactive tasks and checks ctx.signal between
 * chunks. `{ needImage: true }` when the keyed embedding is not cached and no pixels came (main resends).
 */
export async function sam2AutoHostTask(
  ctx: HostTaskContext,
  payload: unknown,
): Promise<{ width: number; height: number; masks: HostAutoMask[] } | { needImage: true }> {
  const p = AutoPayload.parse(payload);
  const model = withProviders(p.model, ctx);
  await opening(() => hostSam2.open(model));
  const settings: Partial<AmgSettings> = {};
  for (const [k, v] of Object.entries(p.settings ?? {}))
    if (v !== undefined) settings[k as keyof AmgSettings] = v;
  const r = await hostSam2.auto(
    { model, key: p.key, image: p.image, settings },
    {
      signal: ctx.signal,
      progress: (d, t) => ctx.reportProgress(d, t, `batch ${d}/${t}`),
      ...(ctx.pause ? { pause: ctx.pause } : {}),
    },
  );
  if (!r) return { needImage: true };
  return {
    width: r.width,
    height: r.height,
    masks: r.masks.map((m) => ({
      mask: m.mask,
      area: m.area,
      iou: m.predictedIou,
      stability: m.stabilityScore,
      bbox: m.box,
    })),
  };
}
