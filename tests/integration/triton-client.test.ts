import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { parseRenderArgs, renderVideo } from '../../src-main/cli/render';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packIdentity } from '../../src-main/inference/models/svd/identity';
import { loadSvdPack } from '../../src-main/inference/models/svd/manifest';
import { svdParamsSchema } from '../../src-main/inference/models/svd/params';
import type { SvdProgress } from '../../src-main/inference/models/svd/pipeline';
import { checkConnection } from '../../src-main/services/remote/check';
import { RemoteErrorCode } from '../../src-main/services/remote/errors';
import { generateRemote } from '../../src-main/services/remote/svdRemote';
import { TritonClient } from '../../src-main/services/remote/tritonClient';
import { maxAbsDiff, SVD_TINY_PACK } from '../golden/svdGoldens';
import { freePort, startTriton, TRITON_SKIP, type RunningTriton } from '../support/tritonServer';
import { writeToyRepo } from '../support/tritonToyRepo';

// The client against a real tritonserver serving a stand-in levitor_generate (same contract, trivial
// numbers): protocol, progress, cancellation, concurrency, a server lost mid-job, the identity check.
const m = loadSvdPack(SVD_TINY_PACK).manifest;
const { width: W, height: H } = m.resolution;
const F = m.frames;
let dir = '';
let server: RunningTriton | undefined;
let pack = '';

function inputs(seed: number, steps = 4) {
  const image01 = Float32Array.from({ length: 3 * H * W }, (_, i) => ((i * 7 + seed) % 255) / 255);
  const control = Float32Array.from({ length: F * 3 * H * W }, (_, i) => ((i * 13 + seed) % 97) / 96);
  return { manifest: m, packSha256: pack, image01, control, params: svdParamsSchema.parse({ seed, steps }) };
}

function expected(image01: Float32Array, control: Float32Array): Float32Array {
  const n = 3 * H * W;
  return control.map((c, i) => Math.min(1, Math.max(0, Math.fround(c + (image01[i % n] ?? 0)) / 2)));
}

describe.skipIf(TRITON_SKIP)(
  TRITON_SKIP ? `skipped: ${TRITON_SKIP}` : 'Triton client on a real tritonserver (stand-in model)',
  () => {
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'triton-client-'));
      pack = await packIdentity(SVD_TINY_PACK);
      writeToyRepo(join(dir, 'repo'), pack, { stepMs: 40 });
      server = await startTriton(join(dir, 'repo'));
    });
    afterAll(async () => {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('checks the connection: live, ready, every model, the pack identity', async () => {
      const c = new TritonClient({ url: server!.url, headers: {} });
      const ok = await checkConnection(c, pack);
      expect(ok.ok, ok.message).toBe(true);
      expect(ok.models.map((x) => x.ready)).toEqual([true, true, true, true, true]);
      expect(ok.serverPack).toBe(pack);
      const wrong = await checkConnection(c, 'f'.repeat(64));
      expect(wrong.ok).toBe(false);
      expect(wrong.message).toMatch(/another video pack/);
      c.close();
    });

    it('renders a take with per-step progress; tensors travel raw and come back exactly', async () => {
      const c = new TritonClient({ url: server!.url, headers: {} });
      const input = inputs(1, 5);
      const events: SvdProgress[] = [];
      const r = await generateRemote(c, input, { onProgress: (p) => events.push(p) });
      c.close();
      expect(maxAbsDiff(r.frames01, expected(input.image01, input.control))).toBe(0);
      expect(events.map((e) => `${e.phase}${e.step}`)).toEqual([
        'encode0',
        'denoise1',
        'denoise2',
        'denoise3',
        'denoise4',
        'denoise5',
      ]);
      expect(events.at(-1)?.etaMs).toBe(0);
      expect(r.bytesSent).toBeGreaterThan(4 * (F + 1) * 3 * H * W);
    });

    it('cancels within a step; the server goes on serving', async () => {
      const c = new TritonClient({ url: server!.url, headers: {} });
      const ac = new AbortController();
      let cancelledAt = 0;
      const job = generateRemote(c, inputs(2, 50), {
        onProgress: (p) => {
          if (p.step === 2 && !ac.signal.aborted) {
            cancelledAt = performance.now();
            ac.abort();
          }
        },
        signal: ac.signal,
      });
      await expect(job).rejects.toMatchObject({ code: RemoteErrorCode.Cancelled });
      expect(performance.now() - cancelledAt).toBeLessThan(1000);
      const next = inputs(3, 2);
      const r = await generateRemote(c, next);
      expect(maxAbsDiff(r.frames01, expected(next.image01, next.control))).toBe(0);
      c.close();
    });

    it('serves two clients at once: both complete with their own takes', async () => {
      const [a, b] = [inputs(4, 4), inputs(5, 4)];
      const ca = new TritonClient({ url: server!.url, headers: {} });
      const cb = new TritonClient({ url: server!.url, headers: {} });
      const [ra, rb] = await Promise.all([generateRemote(ca, a), generateRemote(cb, b)]);
      expect(maxAbsDiff(ra.frames01, expected(a.image01, a.control))).toBe(0);
      expect(maxAbsDiff(rb.frames01, expected(b.image01, b.control))).toBe(0);
      ca.close();
      cb.close();
    });

    it('says so when the server runs out of GPU memory, and when it serves another pack', async () => {
      const c = new TritonClient({ url: server!.url, headers: {} });
      await expect(generateRemote(c, inputs(4242, 2))).rejects.toMatchObject({
        code: RemoteErrorCode.OutOfMemory,
      });
      await expect(generateRemote(c, { ...inputs(6, 2), packSha256: 'a'.repeat(64) })).rejects.toMatchObject({
        code: RemoteErrorCode.PackMismatch,
        message: expect.stringMatching(/another video pack/),
      });
      c.close();
    });

    it('fails cleanly when the server is killed mid-job; a retry succeeds after a restart', async () => {
      const c = new TritonClient({ url: server!.url, headers: {} });
      const job = generateRemote(c, inputs(7, 50), { onProgress: (p) => p.step === 2 && server!.kill() });
      await expect(job).rejects.toMatchObject({ code: RemoteErrorCode.ConnectionLost });
      await expect(generateRemote(c, inputs(7, 2))).rejects.toMatchObject({
        code: RemoteErrorCode.Unreachable,
      });
      server = await startTriton(join(dir, 'repo'), { port: server!.port });
      const again = inputs(7, 2);
      const r = await generateRemote(c, again);
      expect(maxAbsDiff(r.frames01, expected(again.image01, again.control))).toBe(0);
      c.close();
    });

    it('renders headless on the server: the video has the pack size and frame count', async () => {
      const scene = join(dir, 'scene');
      const { image01, control } = inputs(8);
      const rgb = Buffer.alloc(W * H * 3);
      for (let i = 0; i < W * H; i++)
        for (let c = 0; c < 3; c++) rgb[3 * i + c] = Math.round((image01[c * W * H + i] ?? 0) * 255);
      await sharp(rgb, { raw: { width: W, height: H, channels: 3 } })
        .png()
        .toFile(`${scene}.png`);
      writeFileSync(
        `${scene}.json`,
        JSON.stringify({
          format: 'levitor-scene',
          version: 1,
          width: W,
          height: H,
          frames: F,
          image: 'scene.png',
          depth: { kind: 'z0', file: 'd.f32' },
          objects: [],
        }),
      );
      writeFileSync(`${scene}.f32`, Buffer.from(control.buffer));
      const opts = parseRenderArgs([
        `${scene}.json`,
        '--pack',
        SVD_TINY_PACK,
        '--out',
        `${scene}.mp4`,
        '--control',
        `${scene}.f32`,
        '--steps',
        '3',
        '--server',
        server!.url,
        '--header',
        'X-Studio: test',
      ]);
      expect(opts.server).toEqual({ url: server!.url, headers: { 'X-Studio': 'test' } });
      const steps: number[] = [];
      const r = await renderVideo({ ...opts, onProgress: (p) => steps.push(p.step) });
      expect(r).toEqual({ frames: F, width: W, height: H });
      expect(steps).toContain(3);
      expect(statSync(`${scene}.mp4`).size).toBeGreaterThan(0);
    });
  },
);

describe('Triton client without a server', () => {
  it('says the server cannot be reached', async () => {
    const c = new TritonClient({ url: `grpc://127.0.0.1:${await freePort()}`, headers: {} });
    const check = await checkConnection(c, null);
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/cannot be reached/);
    c.close();
  });
});
