import { resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { GenerationJob, GenerationScene } from '../../../src-shared/generation/ipc';
import { defaultSettings } from '../../../src-shared/project/schema';
import { AssetStore } from '../images/assetStore';
import type { ProjectService } from '../projects';
import { GenerationQueue, type QueueDeps } from './queue';
import { TakeStore } from './takeStore';

// The queue's bookkeeping with a scripted inference host (the real one is in tests/integration).
const PACK = resolve(import.meta.dirname, '../../../tests/fixtures/svd/pack'); // 72x80, 4 frames

type Run = (
  task: string,
  payload: unknown,
  o: { signal?: AbortSignal; onProgress?: (d: number, t: number, detail?: string) => void },
) => Promise<unknown>;

async function setup(run: Run, video = true) {
  const assets = new AssetStore();
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  const image = assets.add('image/png', png);
  const events: GenerationJob[] = [];
  const model = { manifest: { id: 'v', role: 'video' } };
  const deps: QueueDeps = {
    inference: { run: run as never },
    registry: {
      resolveDefault: async () => (video ? (model as never) : undefined),
      list: async () => ({ models: [], broken: [] }),
      filesDir: () => PACK,
    },
    assets,
    takes: new TakeStore(assets, (id) => `/a/${id}`, { data: null } as unknown as ProjectService),
    onJob: (j) => events.push(j),
    onOrder: () => undefined,
  };
  const scene: GenerationScene = {
    imageId: image.id,
    imageWidth: 8,
    imageHeight: 8,
    framing: { fit: 'crop', frame: { cx: 0.5, cy: 0.5, scale: 1 } },
    objects: [],
    autoMasks: [],
    depth: null,
  };
  return { queue: new GenerationQueue(deps), scene, events };
}

/** A host whose svd:generate waits until released, reporting 2 steps. */
function scriptedHost(fail?: string) {
  const gates: (() => void)[] = [];
  const run: Run = async (task, _p, o) => {
    if (task === 'control:compute')
      return { control: new Float32Array(4 * 3 * 80 * 72), keypoints: [], warnings: [] };
    await new Promise<void>((r, j) => {
      gates.push(r);
      o.signal?.addEventListener('abort', () =>
        j(Object.assign(new Error('cancelled'), { code: 'inference/cancelled' })),
      );
    });
    o.onProgress?.(1, 2, 'denoise, ETA 3 s');
    if (fail) throw Object.assign(new Error(fail), { code: 'inference/failed' });
    return {
      frames: Array.from({ length: 4 }, () => new Uint8Array(72 * 80 * 3)),
      width: 72,
      height: 80,
      fps: 6,
    };
  };
  // Waits for the job to reach the host before letting it finish.
  const release = async () => {
    for (let i = 0; i < 500 && gates.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    gates.shift()?.();
  };
  return { run, release };
}

const settings = { ...defaultSettings, seedLocked: true, seed: 5 };
const until = async (f: () => boolean) => {
  for (let i = 0; i < 500 && !f(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('generation queue (scripted host)', () => {
  it('runs one job at a time in list order; reorder moves only waiting jobs', async () => {
    const host = scriptedHost();
    const { queue: q2, scene } = await setup(host.run);
    const j1 = q2.enqueue({ projectId: 'p1', settings, scene, label: '1' });
    const j2 = q2.enqueue({ projectId: 'p1', settings, scene, label: '2' });
    const j3 = q2.enqueue({ projectId: 'p1', settings, scene, label: '3' });
    await until(() => q2.list()[0]?.status === 'running');
    expect(q2.list().map((j) => j.status)).toEqual(['running', 'queued', 'queued']);
    expect(q2.reorder(j3.id, 0).map((j) => j.label)).toEqual(['1', '3', '2']);
    expect(() => q2.reorder(j1.id, 0)).toThrow(/Only waiting jobs/);
    expect(() => q2.remove(j2.id)).toThrow(/Cancel the job/);
    expect(q2.cancel(j2.id)).toBe(true);
    expect(q2.list().find((j) => j.id === j2.id)?.status).toBe('cancelled');
    await host.release();
    await until(() => q2.list()[1]?.status === 'running');
    expect(q2.list()[0]).toMatchObject({ status: 'done', step: 2, seedUsed: 5 });
    expect(q2.list()[0]?.take).toMatchObject({ width: 72, height: 80, frames: { count: 4 } });
    await host.release();
    await q2.idle();
    expect(q2.list().map((j) => j.status)).toEqual(['done', 'done', 'cancelled']);
    const again = q2.retry(j2.id);
    expect(again.seedUsed).toBe(5);
    await host.release();
    await q2.idle();
    q2.dispose();
  });

  it('words: no video model, out of memory from the host, cancel while running', async () => {
    const none = await setup(scriptedHost().run, false);
    const j = none.queue.enqueue({ projectId: 'p1', settings, scene: none.scene, label: 'x' });
    await none.queue.idle();
    expect(none.queue.list().find((x) => x.id === j.id)?.error?.code).toBe('generation/no-video-model');

    const oomHost = scriptedHost('std::bad_alloc: Failed to allocate memory');
    const oom = await setup(oomHost.run);
    oom.queue.enqueue({ projectId: 'p1', settings, scene: oom.scene, label: 'x' });
    await until(() => oom.queue.list()[0]?.phase === 'denoise' || oom.queue.list()[0]?.phase === 'control');
    await until(() => oom.queue.list()[0]?.status === 'running');
    void oomHost.release();
    await oom.queue.idle();
    expect(oom.queue.list()[0]?.error?.code).toBe('generation/out-of-memory');

    const host = scriptedHost();
    const c = await setup(host.run);
    const job = c.queue.enqueue({ projectId: 'p1', settings, scene: c.scene, label: 'x' });
    await until(() => c.queue.list()[0]?.status === 'running');
    await new Promise((r) => setTimeout(r, 30));
    expect(c.queue.cancel(job.id)).toBe(true);
    await c.queue.idle();
    expect(c.queue.list()[0]).toMatchObject({
      status: 'cancelled',
      take: null,
      error: { code: 'generation/cancelled' },
    });
  });
});
