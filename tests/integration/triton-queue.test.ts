import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeView, ConnectionCheck } from '../../src-shared/compute/ipc';
import type { GenerationJob, GenerationScene } from '../../src-shared/generation/ipc';
import { takeSchema } from '../../src-shared/project/schema';
import { packIdentity } from '../../src-main/inference/models/svd/identity';
import { installTinyVideoPack } from '../support/installTinyVideoPack';
import { startTriton, TRITON_SKIP, type RunningTriton } from '../support/tritonServer';
import { writeToyRepo } from '../support/tritonToyRepo';
import { SVD_TINY_PACK } from '../golden/svdGoldens';
import {
  openProjectFor,
  sceneFor,
  startStudio,
  tinySettings,
  waitForJob,
  type Studio,
} from './generationFixture';

// Settings -> Compute through the contract, and the generation queue sending its jobs to a real
// tritonserver (stand-in levitor_generate): takes, progress, a server that goes away, retry.
let dir = '';
let studio: Studio;
let scene: GenerationScene;
let projectId = '';
let server: RunningTriton | undefined;

describe.skipIf(TRITON_SKIP)(
  TRITON_SKIP ? `skipped: ${TRITON_SKIP}` : 'generation queue on a Triton server',
  () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'levitor-remote-queue-'));
      writeToyRepo(join(dir, 'repo'), await packIdentity(SVD_TINY_PACK), { stepMs: 30 });
      [server] = await Promise.all([
        startTriton(join(dir, 'repo')),
        installTinyVideoPack(join(dir, 'models')),
      ]);
      studio = startStudio(join(dir, 'models'));
      scene = await sceneFor(studio);
      // Each take belongs to the project it was made for: queue for an open project.
      projectId = await openProjectFor(studio, scene);
    });
    afterAll(async () => {
      await studio?.dispose();
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const enqueue = (label: string) =>
      studio.call<GenerationJob>('generation:enqueue', {
        projectId,
        settings: tinySettings({ steps: 4 }),
        scene,
        label,
      });

    it('keeps header values secret: never in a plain file, never answered back, only for their server', async () => {
      await expect(
        studio.call('compute:set', {
          mode: 'triton',
          url: 'grpc://gpu-box:8001',
          headers: { Authorization: 'Bearer t0k' },
        }),
      ).rejects.toMatchObject({ code: 'compute/bad-server' });
      const view = await studio.call<ComputeView>('compute:set', {
        mode: 'triton',
        url: server!.url,
        headers: { Authorization: 'Bearer t0k' },
      });
      // No protected storage in this host: the token is kept for the session, in no file.
      expect(view).toEqual({
        mode: 'triton',
        url: server!.url,
        headerNames: ['Authorization'],
        headersKept: 'session',
      });
      expect(JSON.stringify(await studio.call('compute:get', {}))).not.toContain('t0k');
      for (const f of await readdir(dir)) {
        if ((await stat(join(dir, f))).isFile())
          expect(await readFile(join(dir, f), 'utf8')).not.toContain('t0k');
      }
      expect((await studio.services.generation.queue['deps'].remote?.())?.headers).toEqual({
        Authorization: 'Bearer t0k',
      });
      // Saving another server without new headers drops the token rather than send it there.
      const other = await studio.call<ComputeView>('compute:set', {
        mode: 'local',
        url: 'https://elsewhere',
      });
      expect(other.headerNames).toEqual([]);
    });

    it('tests the connection: models ready and the same pack as installed', async () => {
      const check = await studio.call<ConnectionCheck>('compute:test', { url: server!.url });
      expect(check.ok, check.message).toBe(true);
      expect(check.serverPack).toBe(check.expectedPack);
      await studio.call('compute:set', { mode: 'triton', url: server!.url, headers: {} });
    });

    it('runs a queued job remotely: per-step progress with an ETA, a take of the pack size', async () => {
      const job = await enqueue('remote');
      const done = await waitForJob(studio, job.id);
      expect(done.error).toBeNull();
      const seen = studio.jobEvents(job.id).filter((j) => j.status === 'running' && j.phase === 'denoise');
      expect(seen.map((j) => j.step)).toEqual([1, 2, 3, 4]);
      expect(seen.some((j) => j.etaMs !== null && j.etaMs > 0)).toBe(true);
      expect(takeSchema.parse(done.take)).toMatchObject({ width: 72, height: 80, frames: { count: 4 } });
    });

    it('fails cleanly while the server is down, and the retry succeeds once it is back', async () => {
      await server!.stop();
      const job = await enqueue('down');
      const failed = await waitForJob(studio, job.id);
      expect(failed).toMatchObject({ status: 'failed', take: null, error: { code: 'remote/unreachable' } });
      expect(failed.error?.message).toMatch(/cannot be reached/);
      server = await startTriton(join(dir, 'repo'), { port: server!.port });
      const again = await studio.call<GenerationJob>('generation:retry', { jobId: job.id });
      const done = await waitForJob(studio, again.id);
      expect(done.status, done.error?.message).toBe('done');
    });
  },
);
