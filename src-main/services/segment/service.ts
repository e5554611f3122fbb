import { randomUUID } from 'node:crypto';
import { DEPTH_WORK_SIDE } from '../../../src-shared/image/workGrid';
import { ErrorCode, type EventChannel, type EventOf, StudioError } from '../../../src-shared/ipc/contract';
import type {
  AutoSettings,
  DepthEstimate,
  SegmentClickRequest,
  SegmentClickResult,
  SegmentResponse,
} from '../../../src-shared/segment/ipc';
import type { InferenceClient } from '../../inference/client';
import type { HostDecodeResult } from '../../inference/models/sam2/tasks';
import type { AssetStore } from '../images/assetStore';
import type { JobRegistry } from '../jobs/jobRegistry';
import { mapInferenceError } from './errors';
import { type ModelLookup, resolveDepth, resolveSam2, type Sam2Paths } from './models';
import { PixelCache } from './pixels';

export interface SegmentDeps {
  inference: InferenceClient | undefined;
  registry: ModelLookup;
  assets: Pick<AssetStore, 'get'>;
  jobs: Pick<JobRegistry, 'start' | 'finish'>;
  emit: <E extends EventChannel>(channel: E, payload: EventOf<E>) => void;
}

type AutoResult = SegmentResponse<'segment:autoResult'>;

/** Keeps the most recent `cap` entries of a Map (insertion order = age). */
function remember<K, V>(map: Map<K, V>, key: K, value: V, cap: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > cap) {
    const oldest = map.keys().next().value as K;
    map.delete(oldest);
  }
}

/**
 * segment:* and depth:estimate in main: images by AssetStore id, models by the model manager's default per
 * role, work in the inference host. The host caches embeddings by content key; main remembers each image's
 * key so a click sends only the prompt (pixels only when the host lost the embedding, e.g. after a restart),
 * and each object's last low-res logits for refinement clicks.
 */
export class SegmentService {
  private readonly pixels: PixelCache;
  /** `${modelId}\n${imageId}` -> that image's encode (content key once known). */
  private readonly keys = new Map<string, Encode>();
  /**
   * Per image, resolves once an embedding asked for by segment:prepare is queued to the host (or failed
   * before that). Set before prepare's first await, so a depth:estimate that arrives after it (the studio
   * asks for both on opening) is sent after the encode, whatever order their model and pixel reads end in:
   * a native run cannot be interrupted, and the first click must not wait behind depth's.
   */
  private readonly preparing = new Map<string, Promise<void>>();
  /** `${imageId}\n${objectId}` -> low-res logits [256*256] of the object's last click. */
  private readonly previous = new Map<string, Float32Array>();
  private readonly autoJobs = new Map<string, Promise<AutoResult>>();

  constructor(private readonly deps: SegmentDeps) {
    this.pixels = new PixelCache(deps.assets);
  }

  private client(): InferenceClient {
    if (!this.deps.inference) {
      throw new StudioError(ErrorCode.InferenceUnavailable, 'no inference host runs in this process');
    }
    return this.deps.inference;
  }

  private async run<T>(
    task: string,
    payload: unknown,
    what: { role: 'segmentation' | 'depth'; id: string },
    opts: Parameters<InferenceClient['run']>[2] = {},
  ): Promise<T> {
    try {
      return await this.client().run<T>(task, payload, opts);
    } catch (e) {
      throw mapInferenceError(e, what);
    }
  }

  /**
   * Encodes an image once per model (concurrent callers share it). The host knows the encode by `ref` from
   * the moment the request is sent, so a click need not wait for the key in main (see click).
   */
  private encodeKey(imageId: string, model: Sam2Paths): { encode: Encode; started: boolean } {
    const k = `${model.id}\n${imageId}`;
    const known = this.keys.get(k);
    if (known) return { encode: known, started: false };
    let markSent = (): void => undefined;
    const sent = new Promise<void>((r) => (markSent = r));
    const ref = randomUUID();
    const encode: Encode = { ref, sent, key: Promise.resolve(''), known: null };
    encode.key = (async () => {
      try {
        const image = await this.pixels.get(imageId);
        const request = this.run<{ key: string }>('sam2:encode', { model, image, ref }, sam(model));
        // The request is queued in the client now: a click sent from here on reaches the host after it.
        markSent();
        const r = await request;
        encode.known = r.key;
        return r.key;
      } finally {
        markSent();
      }
    })();
    encode.key.catch(() => this.keys.get(k) === encode && this.keys.delete(k));
    remember(this.keys, k, encode, 64);
    return { encode, started: true };
  }

  async prepare(imageId: string): Promise<{ key: string }> {
    let queued = (): void => undefined;
    const mark = new Promise<void>((r) => (queued = r));
    this.preparing.set(imageId, mark);
    try {
      const model = await resolveSam2(this.deps.registry);
      const { encode } = this.encodeKey(imageId, model);
      void encode.sent.then(queued);
      return { key: await encode.key };
    } finally {
      queued();
      if (this.preparing.get(imageId) === mark) this.preparing.delete(imageId);
    }
  }

  async click(req: SegmentClickRequest): Promise<SegmentClickResult> {
    if (req.points.length === 0 && !req.box) {
      throw new StudioError(ErrorCode.BadRequest, 'a click needs at least one point or a box');
    }
    const model = await resolveSam2(this.deps.registry);
    const { encode, started } = this.encodeKey(req.imageId, model);
    // While the image is still being encoded the click goes to the host at once, naming the encode: it lands
    // as soon as the embedding exists, ahead of depth (src-main/inference/nativeLane.ts).
    if (encode.known === null) await encode.sent;
    const objKey = req.objectId !== undefined ? `${req.imageId}\n${req.objectId}` : null;
    const previous = req.previousMask && objKey ? (this.previous.get(objKey) ?? null) : null;
    const [x0, y0, x1, y1] = req.box ?? [0, 0, 0, 0];
    const payload = {
      model,
      ...(encode.known !== null ? { key: encode.known } : { ref: encode.ref }),
      points: req.points,
      box: req.box ? { x0, y0, x1, y1 } : null,
      choice: req.choice === 'bestIou' ? 'best-iou' : 'reference',
      previous,
    };
    let r = await this.run<HostDecodeResult | { needImage: true }>('sam2:decode', payload, sam(model));
    let cacheHit = !started;
    if ('needImage' in r) {
      // The encode failed (its own error, said here), or the host no longer holds this embedding (evicted
      // or restarted): send the pixels once.
      await encode.key;
      const image = await this.pixels.get(req.imageId);
      r = await this.run<HostDecodeResult | { needImage: true }>(
        'sam2:decode',
        { ...payload, image },
        sam(model),
      );
      if ('needImage' in r)
        throw new StudioError(ErrorCode.Internal, 'the inference host did not encode the image');
      cacheHit = false;
    }
    if (objKey && r.lowRes) remember(this.previous, objKey, r.lowRes, 64);
    return {
      width: r.width,
      height: r.height,
      mask: r.mask,
      ious: r.iou,
      chosen: r.chosen,
      area: r.area,
      cacheHit: cacheHit && r.cacheHit,
      usedPrevious: previous !== null,
    };
  }

  /** Starts automatic masks as a job (progress on inference:progress, segment:autoDone at the end). */
  async auto(imageId: string, settings: AutoSettings | undefined): Promise<{ jobId: string }> {
    const model = await resolveSam2(this.deps.registry);
    const jobId = `segment-auto-${randomUUID()}`;
    const signal = this.deps.jobs.start(jobId);
    const job = (async (): Promise<AutoResult> => {
      // Share the embedding with clicks: an encode already started by segment:prepare is awaited, not repeated;
      // the host then finds it by content key, so no pixels travel (unless the host lost it meanwhile).
      const key = await this.encodeKey(imageId, model).encode.key;
      if (signal.aborted) throw new StudioError('jobs/cancelled', 'automatic masks were cancelled');
      const opts = {
        signal,
        onProgress: (done: number, total: number, detail?: string) =>
          this.deps.emit('inference:progress', {
            jobId,
            task: 'sam2:auto',
            done,
            total,
            ...(detail !== undefined ? { detail } : {}),
          }),
      };
      const payload = { model, key, ...(settings ? { settings } : {}) };
      const r = await this.run<AutoResult | { needImage: true }>('sam2:auto', payload, sam(model), opts);
      if (!('needImage' in r)) return r;
      const image = await this.pixels.get(imageId);
      const again = await this.run<AutoResult | { needImage: true }>(
        'sam2:auto',
        { ...payload, image },
        sam(model),
        opts,
      );
      if ('needImage' in again)
        throw new StudioError(ErrorCode.Internal, 'the inference host did not encode the image');
      return again;
    })().finally(() => this.deps.jobs.finish(jobId));
    job.then(
      (r) => this.deps.emit('segment:autoDone', { jobId, imageId, ok: true, count: r.masks.length }),
      (e: unknown) => {
        const err = e instanceof StudioError ? e : new StudioError(ErrorCode.Internal, String(e));
        this.deps.emit('segment:autoDone', {
          jobId,
          imageId,
          ok: false,
          count: 0,
          error: { code: err.code, message: err.message },
        });
      },
    );
    remember(this.autoJobs, jobId, job, 16);
    return { jobId };
  }

  async autoResult(jobId: string): Promise<AutoResult> {
    const job = this.autoJobs.get(jobId);
    if (!job) throw new StudioError(ErrorCode.JobNotFound, `no automatic-mask job ${jobId}`);
    return job;
  }

  /** Depth on the image's work grid (what the studio keeps), as typed arrays: binary on every transport. */
  async depth(imageId: string): Promise<DepthEstimate> {
    const encodeFirst = this.preparing.get(imageId); // taken at once: see `preparing`
    const model = await resolveDepth(this.deps.registry);
    const image = await this.pixels.get(imageId);
    await encodeFirst;
    const r = await this.run<DepthEstimate>(
      'depth:estimate',
      { modelPath: model.modelPath, image, maxSide: DEPTH_WORK_SIDE },
      { role: 'depth', id: model.id },
    );
    return { width: r.width, height: r.height, z0: r.z0, disparity: r.disparity, dn: r.dn };
  }

  dispose(): void {
    this.pixels.clear();
    this.keys.clear();
    this.preparing.clear();
    this.previous.clear();
    this.autoJobs.clear();
  }
}

/** One encode of one image for one model, as main tracks it. */
interface Encode {
  /** Names this encode in the host (sam2:encode and sam2:decode payloads). */
  ref: string;
  /** Resolves once the encode request is queued (or failed before that). */
  sent: Promise<void>;
  key: Promise<string>;
  /** The content key, once the host answered. */
  known: string | null;
}

const sam = (m: Sam2Paths) => ({ role: 'segmentation' as const, id: m.id });
