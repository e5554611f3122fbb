import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { GenerationJob, GenerationScene } from '../../../src-shared/generation/ipc';
import {
  drawSeed,
  providersFor,
  resolutionSize,
  toPipelineParams,
} from '../../../src-shared/generation/params';
import type { GenerationSettings, Take } from '../../../src-shared/project/schema';
import type { InferenceClient } from '../../inference/client';
import type { ControlComputeResult } from '../../inference/tasks/controlCompute';
import { loadSvdPack } from '../../inference/models/svd/manifest';
import type { AssetStore } from '../images/assetStore';
import type { ModelRegistry } from '../models/registry';
import { describeFailure, GenerationError, GenerationErrorCode, NO_VIDEO_MODEL_MESSAGE } from './errors';
import { generationInputRgb8 } from '../images/decodeRgb';
import { buildControlScene } from './scene';
import type { TakeStore } from './takeStore';
import { runRemoteJob } from '../remote/job';
import type { RemoteServer } from '../remote/url';

export interface GenerationRequest {
  /** The project the take will belong to (checked against the open project by the handler). */
  projectId: string;
  settings: GenerationSettings;
  scene: GenerationScene;
  label: string;
}

export interface QueueDeps {
  inference: Pick<InferenceClient, 'run'> | undefined;
  registry: Pick<ModelRegistry, 'resolveDefault' | 'list' | 'filesDir'>;
  assets: AssetStore;
  takes: TakeStore;
  onJob: (job: GenerationJob) => void;
  onOrder: (ids: string[]) => void;
  now?: () => number;
  /** Settings -> Compute: the Triton server jobs go to, or null to run them here. Read per job. */
  remote?: () => Promise<RemoteServer | null>;
}

interface Entry {
  job: GenerationJob;
  request: GenerationRequest;
  controller: AbortController | null;
}

type SvdResult = {
  frames: Uint8Array[];
  width: number;
  height: number;
  fps: number;
  fallbackReason?: string;
};

const PHASES = ['encode', 'denoise', 'decode'] as const;

/**
 * The generation queue: jobs run one at a time in the inference host (never in main), in list order.
 * Every change is published as the whole job (`onJob`); a finished job carries its take.
 */
export class GenerationQueue {
  private readonly entries: Entry[] = [];
  private running: Entry | null = null;
  private disposed = false;
  private readonly now: () => number;

  constructor(private readonly deps: QueueDeps) {
    this.now = deps.now ?? Date.now;
  }

  list(): GenerationJob[] {
    return this.entries.map((e) => e.job);
  }

  enqueue(request: GenerationRequest, seedUsed?: number): GenerationJob {
    const s = request.settings;
    const job: GenerationJob = {
      id: randomUUID(),
      projectId: request.projectId,
      label: request.label || `Take ${this.entries.length + 1}`,
      status: 'queued',
      createdAt: new Date(this.now()).toISOString(),
      settings: s,
      seedUsed: seedUsed ?? (s.seedLocked ? s.seed : drawSeed()),
      phase: 'waiting',
      step: 0,
      steps: s.steps,
      elapsedMs: 0,
      etaMs: null,
      error: null,
      notes: [],
      take: null,
    };
    this.entries.push({ job, request, controller: null });
    this.deps.onJob(job);
    this.pump();
    return job;
  }

  reorder(jobId: string, toIndex: number): GenerationJob[] {
    const queued = this.entries.filter((e) => e.job.status === 'queued');
    const from = queued.findIndex((e) => e.job.id === jobId);
    if (from < 0) throw new GenerationError('generation/not-queued', 'Only waiting jobs can be moved.');
    const [moved] = queued.splice(from, 1);
    queued.splice(Math.min(toIndex, queued.length), 0, moved as Entry);
    // Queued jobs take the slots queued jobs had; running/finished jobs keep their places.
    let k = 0;
    for (let i = 0; i < this.entries.length; i++)
      if (this.entries[i]?.job.status === 'queued') this.entries[i] = queued[k++] as Entry;
    this.deps.onOrder(this.entries.map((e) => e.job.id));
    return this.list();
  }

  cancel(jobId: string): boolean {
    const e = this.entries.find((x) => x.job.id === jobId);
    if (!e) return false;
    if (e.job.status === 'queued') {
      this.update(e, { status: 'cancelled', error: describeFailure(null, true) });
      return true;
    }
    if (e.job.status === 'running') {
      e.controller?.abort();
      return true;
    }
    return false;
  }

  retry(jobId: string): GenerationJob {
    const e = this.entries.find((x) => x.job.id === jobId);
    if (!e) throw new GenerationError('jobs/not-found', 'That job is no longer in the list.');
    if (e.job.status !== 'failed' && e.job.status !== 'cancelled')
      throw new GenerationError('generation/not-retryable', 'Only failed or cancelled jobs can be retried.');
    return this.enqueue({ ...e.request, label: e.job.label }, e.job.seedUsed);
  }

  remove(jobId: string): GenerationJob[] {
    const i = this.entries.findIndex((x) => x.job.id === jobId);
    const e = this.entries[i];
    if (e && (e.job.status === 'queued' || e.job.status === 'running'))
      throw new GenerationError('generation/busy', 'Cancel the job before removing it.');
    if (i >= 0) this.entries.splice(i, 1);
    this.deps.onOrder(this.entries.map((x) => x.job.id));
    return this.list();
  }

  dispose(): void {
    this.disposed = true;
    for (const e of this.entries)
      if (e.job.status === 'queued' || e.job.status === 'running') this.cancel(e.job.id);
  }

  /** Resolves when nothing is queued or running (tests; quitting). */
  async idle(): Promise<void> {
    while (this.running || this.entries.some((e) => e.job.status === 'queued'))
      await new Promise((r) => setTimeout(r, 20));
  }

  private update(e: Entry, patch: Partial<GenerationJob>): void {
    e.job = { ...e.job, ...patch };
    this.deps.onJob(e.job);
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const next = this.entries.find((e) => e.job.status === 'queued');
    if (!next) return;
    this.running = next;
    next.controller = new AbortController();
    void this.run(next).finally(() => {
      next.controller = null;
      this.running = null;
      this.pump();
    });
  }

  private async run(e: Entry): Promise<void> {
    const t0 = this.now();
    const signal = (e.controller as AbortController).signal;
    this.update(e, { status: 'running', phase: 'control' });
    try {
      const result = await this.generate(e, signal, t0);
      this.update(e, { phase: 'saving', etaMs: 0, elapsedMs: this.now() - t0 });
      const take = await this.saveTake(e, result);
      this.update(e, { status: 'done', take, step: e.job.steps, etaMs: 0, elapsedMs: this.now() - t0 });
    } catch (err) {
      this.update(e, {
        status: signal.aborted ? 'cancelled' : 'failed',
        error: describeFailure(err, signal.aborted),
        etaMs: null,
        elapsedMs: this.now() - t0,
      });
    }
  }

  private async generate(e: Entry, signal: AbortSignal, t0: number): Promise<SvdResult> {
    const { settings, scene } = e.request;
    if (!this.deps.inference)
      throw new GenerationError(GenerationErrorCode.Failed, 'This process has no inference host.');
    const model =
      (await this.deps.registry.resolveDefault('video')) ??
      (await this.deps.registry.list()).models.find((m) => m.manifest.role === 'video');
    if (!model) throw new GenerationError(GenerationErrorCode.NoVideoModel, NO_VIDEO_MODEL_MESSAGE);
    const packDir = this.deps.registry.filesDir(model.manifest.id);
    const m = loadSvdPack(packDir).manifest;
    const { width, height } = m.resolution;
    const notes: string[] = [];
    const asked = resolutionSize(settings.resolution);
    if (asked.width !== width || asked.height !== height || settings.frames !== m.frames)
      notes.push(
        `The installed video model renders ${m.frames} frames at ${width}x${height}; ` +
          `the settings ask for ${settings.frames} at ${asked.width}x${asked.height}.`,
      );
    const asset = this.deps.assets.get(scene.imageId);
    if (!asset)
      throw new GenerationError(GenerationErrorCode.NoImage, 'The image is no longer loaded; open it again.');
    const image = await generationInputRgb8(asset.bytes, width, height, scene.framing);
    const built = buildControlScene(scene, {
      width,
      height,
      frames: m.frames,
      pointsRatio: settings.pointsRatio,
    });
    // The control engine runs in the inference host: 1-2 s at 288x512x16 would stall main.
    const control = await this.deps.inference
      .run<ControlComputeResult>('control:compute', { scene: built.scene, frames: m.frames }, { signal })
      .catch((err: unknown) => {
        // The engine's refusal crosses the process boundary as text: say it is the scene, not a crash.
        if (signal.aborted || (err as { code?: unknown }).code !== 'inference/failed') throw err;
        const why = (err as Error).message.replace(/^control:compute failed: /, '');
        throw new GenerationError(GenerationErrorCode.Scene, `The scene cannot be animated: ${why}`);
      });
    const { params, notes: clamped } = toPipelineParams(settings, e.job.seedUsed);
    notes.push(...built.notes, ...control.warnings, ...clamped);
    this.update(e, { notes, elapsedMs: this.now() - t0 });
    if (signal.aborted) throw new GenerationError(GenerationErrorCode.Cancelled, 'cancelled');
    const remote = await this.deps.remote?.();
    const onProgress = (done: number, total: number, phase: (typeof PHASES)[number], etaMs: number | null) =>
      this.update(e, { phase, step: done, steps: total, elapsedMs: this.now() - t0, etaMs });
    if (remote)
      return runRemoteJob(
        remote,
        { packDir, image, control: control.control, params: { ...params, frames: m.frames } },
        { signal, onProgress: (p) => onProgress(p.step, p.steps, p.phase, p.etaMs) },
      );
    const providers = providersFor(settings.device);
    return this.deps.inference.run<SvdResult>(
      'svd:generate',
      {
        packDir,
        image,
        control: control.control,
        params: { ...params, frames: m.frames },
        ...(providers ? { providers } : {}),
      },
      {
        signal,
        onProgress: (done, total, detail) => {
          const phase = PHASES.find((p) => detail?.startsWith(p)) ?? 'denoise';
          const eta = /ETA (\d+(?:\.\d+)?) s/.exec(detail ?? '');
          const elapsedMs = this.now() - t0;
          onProgress(
            done,
            total,
            phase,
            eta ? Number(eta[1]) * 1000 : done > 0 ? (elapsedMs / done) * (total - done) : null,
          );
        },
      },
    );
  }

  private async saveTake(e: Entry, r: SvdResult): Promise<Take> {
    const id = randomUUID().slice(0, 12);
    const pngs = await Promise.all(
      r.frames.map(
        async (f) =>
          new Uint8Array(
            await sharp(f, { raw: { width: r.width, height: r.height, channels: 3 } })
              .png()
              .toBuffer(),
          ),
      ),
    );
    const take: Take = {
      id,
      created: new Date(this.now()).toISOString(),
      name: '',
      starred: false,
      framing: e.request.scene.framing,
      settings: e.job.settings,
      seedUsed: e.job.seedUsed,
      frames: { dir: `takes/${id}`, count: pngs.length },
      video: null,
      fps: r.fps,
      width: r.width,
      height: r.height,
    };
    this.deps.takes.add(take, pngs, e.request.projectId);
    if (r.fallbackReason) this.update(e, { notes: [...e.job.notes, r.fallbackReason] });
    return take;
  }
}
