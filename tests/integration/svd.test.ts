import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSvdPack, type SvdPack } from '../../src-main/inference/models/svd/manifest';
import { svdParamsSchema } from '../../src-main/inference/models/svd/params';
import { generateSvd, type SvdProgress, type SvdRunner } from '../../src-main/inference/models/svd/pipeline';
import { framesToRgb8 } from '../../src-main/inference/models/svd/post';
import { SvdSessions } from '../../src-main/inference/models/svd/runner';
import { runSvdGenerate } from '../../src-main/inference/models/svd/job';
import { svdGenerateHostTask, svdGenerateTask } from '../../src-main/inference/models/svd/tasks';
import { SVD_TINY_PACK, loadSvdGoldens } from '../golden/svdGoldens';

const gold = loadSvdGoldens();
const input = { image01: gold.get('image'), control: gold.get('control') };

describe('svd pipeline on the tiny pack (real onnxruntime-node)', () => {
  let pack: SvdPack;
  let sessions: SvdSessions;
  beforeAll(async () => {
    pack = loadSvdPack(SVD_TINY_PACK);
    sessions = await SvdSessions.open(pack, ['cpu'], { memory: 'per-job' }); // shared by every test
  });
  afterAll(async () => {
    await sessions.release();
  });

  it('manifest lists every file with its real size and SHA-256', () => {
    for (const f of pack.manifest.files) {
      const bytes = readFileSync(join(SVD_TINY_PACK, f.path));
      expect(bytes.length, f.path).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    }
  });

  it('is reproducible per seed and reports progress with an ETA every step', async () => {
    const events: SvdProgress[] = [];
    const params = svdParamsSchema.parse({ seed: 5, steps: 3 });
    const a = await generateSvd(sessions, pack.manifest, input, params, {
      onProgress: (p) => events.push(p),
    });
    const b = await generateSvd(sessions, pack.manifest, input, params);
    const c = await generateSvd(sessions, pack.manifest, input, { ...params, seed: 6 });
    expect(Array.from(a.frames01)).toEqual(Array.from(b.frames01));
    expect(Array.from(a.frames01)).not.toEqual(Array.from(c.frames01));
    const steps = events.filter((e) => e.phase === 'denoise');
    expect(steps.map((e) => e.step)).toEqual([1, 2, 3]);
    for (const e of steps) expect(e.etaMs).not.toBeNull();
    expect(steps.at(-1)?.etaMs).toBe(0);
    const rgb = framesToRgb8(a.frames01, a.frames, a.width, a.height);
    expect(rgb).toHaveLength(pack.manifest.frames);
    expect(rgb[0]?.length).toBe(a.width * a.height * 3);
  });

  it('cancels within one step', async () => {
    const controller = new AbortController();
    let denoiserRuns = 0;
    const counting: SvdRunner = {
      run: (name, feeds) => {
        if (name === 'denoiser') denoiserRuns++;
        return sessions.run(name, feeds);
      },
    };
    const params = svdParamsSchema.parse({ seed: 1, steps: 10 });
    const job = generateSvd(counting, pack.manifest, input, params, {
      onProgress: (p) => {
        if (p.phase === 'denoise' && p.step === 2) controller.abort();
      },
      signal: controller.signal,
    });
    await expect(job).rejects.toThrow();
    expect(denoiserRuns).toBe(2);
  });

  it('rejects wrong input names and sizes with shapes in the message', async () => {
    await expect(
      sessions.run('vaeEncoder', { img: { data: new Float32Array(1), dims: [1] } }),
    ).rejects.toThrow(/image/);
    const params = svdParamsSchema.parse({ steps: 1, frames: 7 });
    await expect(generateSvd(sessions, pack.manifest, input, params)).rejects.toThrow(/frames/);
  });

  it('runs a whole job (svd:generate payload) to RGB8 frames and validates the payload', async () => {
    const image = new Uint8Array(72 * 80 * 3).fill(90);
    const params = svdParamsSchema.parse({ steps: 2, fps: 8 });
    const r = await runSvdGenerate({ packDir: SVD_TINY_PACK, image, control: input.control, params });
    expect(r).toMatchObject({ width: 72, height: 80, fps: 8 });
    expect(r.frames).toHaveLength(4);
    await expect(
      runSvdGenerate({
        packDir: SVD_TINY_PACK,
        image: [] as unknown as Uint8Array,
        control: input.control,
        params,
      }),
    ).rejects.toThrow(/Uint8Array/);
  });

  it('svd:generate task handler reports progress per step and honours its signal', async () => {
    const image = new Uint8Array(72 * 80 * 3).fill(30);
    const params = svdParamsSchema.parse({ steps: 3 });
    const seen: string[] = [];
    await svdGenerateTask(
      { packDir: SVD_TINY_PACK, image, control: input.control, params },
      { progress: (d, t) => seen.push(`${d}/${t}`) },
    );
    expect(seen.slice(1, 4)).toEqual(['1/3', '2/3', '3/3']);
    const controller = new AbortController();
    controller.abort();
    await expect(
      svdGenerateTask(
        { packDir: SVD_TINY_PACK, image, control: input.control, params },
        { signal: controller.signal },
      ),
    ).rejects.toThrow();
  });

  it('host-shaped svd:generate handler: payload validated, progress with ETA detail, host providers', async () => {
    const image = new Uint8Array(72 * 80 * 3).fill(60);
    const params = svdParamsSchema.parse({ steps: 2 });
    const details: string[] = [];
    const ctx = {
      providers: ['cpu'],
      signal: new AbortController().signal,
      reportProgress: (d: number, t: number, detail?: string) => details.push(`${d}/${t} ${detail ?? ''}`),
    };
    const r = await svdGenerateHostTask(ctx, {
      packDir: SVD_TINY_PACK,
      image,
      control: input.control,
      params,
    });
    expect(r.providers).toEqual(['cpu']);
    expect(details.some((d) => /^1\/2 denoise, ETA \d+ s$/.test(d))).toBe(true);
    await expect(svdGenerateHostTask(ctx, { packDir: SVD_TINY_PACK })).rejects.toThrow();
  });

  it('falls back to CPU when a requested provider cannot load, and says why', async () => {
    const s = await SvdSessions.open(pack, ['cuda']);
    try {
      if (s.providers[0] !== 'cuda') expect(s.fallbackReason).toMatch(/cuda failed, using cpu/);
      expect(
        (
          await s.run('imageEncoder', {
            pixel_values: { data: new Float32Array(3 * 224 * 224), dims: [1, 3, 224, 224] },
          })
        ).length,
      ).toBe(32);
    } finally {
      await s.release();
    }
  });

  it('releases its sessions', async () => {
    const own = await SvdSessions.open(pack);
    await own.release();
    await expect(own.run('imageEncoder', {})).rejects.toThrow(/released/);
  });
});
