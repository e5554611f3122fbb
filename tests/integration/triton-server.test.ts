import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSvdPack, type SvdPack } from '../../src-main/inference/models/svd/manifest';
import { svdParamsSchema, type SvdParamsInput } from '../../src-main/inference/models/svd/params';
import { generateSvd } from '../../src-main/inference/models/svd/pipeline';
import { SvdSessions } from '../../src-main/inference/models/svd/runner';
import { writeTritonRepo, type TritonRepoResult } from '../../src-main/services/triton';
import { loadSvdGoldens, maxAbsDiff, SVD_TINY_PACK } from '../golden/svdGoldens';
import { startTriton, TRITON_SKIP, tritonPython, type RunningTriton } from '../support/tritonServer';

const run = promisify(execFile);
const CLIENT = resolve('tools/triton/generate_client.py');
const gold = loadSvdGoldens();
const input = {
  image01: gold.get('image'),
  control: gold.get('control'),
  augNoise: gold.get('aug_noise'),
  initNoise: gold.get('init_noise'),
};

interface Event {
  phase?: string;
  step?: number;
  steps?: number;
  error?: string;
  cancelled?: boolean;
  t: number;
}

describe.skipIf(TRITON_SKIP !== '')(
  TRITON_SKIP ? `skipped: ${TRITON_SKIP}` : 'levitor_generate on a real tritonserver (--graphs python)',
  () => {
    let tmp: string;
    let repo: TritonRepoResult;
    let server: RunningTriton;
    let pack: SvdPack;
    let sessions: SvdSessions;

    beforeAll(async () => {
      tmp = await mkdtemp(join(tmpdir(), 'levitor-triton-'));
      repo = await writeTritonRepo({ packDir: SVD_TINY_PACK, outDir: join(tmp, 'repo'), graphs: 'python' });
      pack = loadSvdPack(SVD_TINY_PACK);
      sessions = await SvdSessions.open(pack, ['cpu'], { memory: 'per-job' });
      server = await startTriton(repo.outDir, { timeoutMs: 90_000 });
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
      await sessions?.release();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    });

    /** Writes the request files and runs tools/triton/generate_client.py; returns its events and frames. */
    async function remote(
      name: string,
      params: SvdParamsInput,
      opts: { packSha256?: string; cancelAfterStep?: number } = {},
    ): Promise<{ events: Event[]; frames?: Float32Array }> {
      const dir = await mkdtemp(join(tmp, `${name}-`));
      const F = pack.manifest.frames;
      const { width: W, height: H } = pack.manifest.resolution;
      const { width: w, height: h } = pack.manifest.latent;
      const tensors = {
        image: { data: input.image01, shape: [3, H, W] },
        control: { data: input.control, shape: [F, 3, H, W] },
        aug_noise: { data: input.augNoise, shape: [1, 3, H, W] },
        init_noise: { data: input.initNoise, shape: [1, F, 4, h, w] },
      };
      const spec: Record<string, unknown> = { params, pack_sha256: opts.packSha256 ?? repo.packSha256 };
      for (const [k, t] of Object.entries(tensors)) {
        await writeFile(
          join(dir, `${k}.f32`),
          Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength),
        );
        spec[k] = { file: `${k}.f32`, shape: t.shape };
      }
      await writeFile(join(dir, 'request.json'), JSON.stringify(spec));
      const args = [
        CLIENT,
        '--url',
        server.url.replace('grpc://', ''),
        '--request',
        join(dir, 'request.json'),
        '--out',
        join(dir, 'frames.f32'),
      ];
      if (opts.cancelAfterStep !== undefined) args.push('--cancel-after-step', String(opts.cancelAfterStep));
      const r = await run(tritonPython(), args, { timeout: 120_000 }).catch((e: { stdout?: string }) => e);
      const events = (r.stdout ?? '')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Event);
      const done = events.some((e) => e.phase === 'done');
      if (!done) return { events };
      const buf = await readFile(join(dir, 'frames.f32'));
      return { events, frames: new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4) };
    }

    it('computes the TypeScript pipeline’s take (two clients at once), streaming per-step progress', async () => {
      const a: SvdParamsInput = { seed: 5, steps: 4 };
      const b: SvdParamsInput = { seed: 5, steps: 3, maxGuidance: 2.5, controlScale: 0.8, fps: 8 };
      const [ra, rb] = await Promise.all([remote('a', a), remote('b', b)]);
      for (const [params, r] of [
        [a, ra],
        [b, rb],
      ] as const) {
        const p = svdParamsSchema.parse(params);
        const local = await generateSvd(sessions, pack.manifest, input, p);
        expect(r.frames, JSON.stringify(r.events)).toBeDefined();
        const diff = maxAbsDiff(local.frames01, r.frames!);
        console.info(
          `triton vs TypeScript pipeline, ${p.steps} steps: max abs diff ${diff.toExponential(2)}`,
        );
        expect(diff).toBeLessThanOrEqual(1e-5);
        expect(r.events.map((e) => `${e.phase}:${e.step}/${e.steps}`)).toEqual([
          `encode:0/${p.steps}`,
          ...Array.from({ length: p.steps }, (_, i) => `denoise:${i + 1}/${p.steps}`),
          `decode:${p.steps}/${p.steps}`,
          `done:${p.steps}/${p.steps}`,
        ]);
      }
      // The frames depend on the request, not on which instance served it.
      expect(maxAbsDiff(ra.frames!, rb.frames!)).toBeGreaterThan(1e-3);
    }, 180_000);

    it('refuses another pack, bad params and stops a cancelled take before its next step', async () => {
      const other = 'f'.repeat(64);
      const wrong = await remote('wrong', { steps: 2 }, { packSha256: other });
      expect(wrong.events.at(-1)?.error).toBe(
        `pack mismatch: server has ${repo.packSha256}, client expects ${other}`,
      );
      const bad = await remote('bad', { steps: 0 });
      expect(bad.events.at(-1)?.error).toMatch(/params\.steps must be an integer in \[1, 200\], got 0/);
      const c = await remote('cancel', { steps: 40 }, { cancelAfterStep: 2 });
      expect(c.events.at(-1)?.cancelled).toBe(true);
      // The server logs where it stopped: before step 3 (or 4 if step 3 was already under way).
      const deadline = Date.now() + 20_000;
      while (
        !/generation cancelled by the client before denoising step \d+ of 40/.test(server.log()) &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 100));
      const m = /before denoising step (\d+) of 40/.exec(server.log());
      expect(m, server.log().slice(-3000)).not.toBeNull();
      expect(Number(m![1])).toBeLessThanOrEqual(5);
      // The server is still serving.
      const after = await remote('after', { steps: 1 });
      expect(after.frames).toBeDefined();
    }, 180_000);
  },
);
