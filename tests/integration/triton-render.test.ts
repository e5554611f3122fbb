import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packIdentity } from '../../src-main/inference/models/svd/identity';
import { loadSvdPack, type SvdPack } from '../../src-main/inference/models/svd/manifest';
import { svdParamsSchema } from '../../src-main/inference/models/svd/params';
import { generateSvd, type SvdProgress } from '../../src-main/inference/models/svd/pipeline';
import { SvdSessions } from '../../src-main/inference/models/svd/runner';
import { RemoteErrorCode } from '../../src-main/services/remote/errors';
import { generateRemote } from '../../src-main/services/remote/svdRemote';
import { TritonClient } from '../../src-main/services/remote/tritonClient';
import { writeTritonRepo } from '../../src-main/services/triton';
import { loadSvdGoldens, maxAbsDiff, SVD_TINY_PACK } from '../golden/svdGoldens';
import { startTriton, TRITON_SKIP, type RunningTriton } from '../support/tritonServer';

// The studio's own client (services/remote) against the repository `levitor models triton-repo --graphs
// python` writes from the tiny pack: the remote take equals the local pipeline's take of the same seed.
const gold = loadSvdGoldens();
let tmp = '';
let server: RunningTriton | undefined;
let pack: SvdPack;
let sessions: SvdSessions;
let identity = '';

const input = (seed: number, steps: number) => ({
  manifest: pack.manifest,
  packSha256: identity,
  image01: gold.get('image'),
  control: gold.get('control'),
  params: svdParamsSchema.parse({ seed, steps }),
});

async function local(seed: number, steps: number): Promise<Float32Array> {
  const i = input(seed, steps);
  return (await generateSvd(sessions, pack.manifest, i, i.params)).frames01;
}

describe.skipIf(TRITON_SKIP)(
  TRITON_SKIP
    ? `skipped: ${TRITON_SKIP}`
    : 'the studio client on levitor_generate (tiny pack, real tritonserver)',
  () => {
    beforeAll(async () => {
      tmp = await mkdtemp(join(tmpdir(), 'levitor-triton-render-'));
      const repo = await writeTritonRepo({
        packDir: SVD_TINY_PACK,
        outDir: join(tmp, 'repo'),
        graphs: 'python',
      });
      pack = loadSvdPack(SVD_TINY_PACK);
      identity = await packIdentity(SVD_TINY_PACK);
      expect(repo.packSha256).toBe(identity);
      sessions = await SvdSessions.open(pack, ['cpu'], { memory: 'per-job' });
      server = await startTriton(repo.outDir, { timeoutMs: 90_000 });
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
      await sessions?.release();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    });

    it('renders the local take (two clients at once), with per-step progress', async () => {
      const [a, b] = [
        new TritonClient({ url: server!.url, headers: {} }),
        new TritonClient({ url: server!.url, headers: {} }),
      ];
      const events: SvdProgress[] = [];
      const [ra, rb] = await Promise.all([
        generateRemote(a, input(11, 3), { onProgress: (p) => events.push(p) }),
        generateRemote(b, input(12, 2)),
      ]);
      const [da, db] = [
        maxAbsDiff(ra.frames01, await local(11, 3)),
        maxAbsDiff(rb.frames01, await local(12, 2)),
      ];
      console.log(
        `studio client vs local pipeline: max abs diff ${da.toExponential(2)} (3 steps), ${db.toExponential(2)} (2 steps)`,
      );
      expect(da).toBeLessThan(1e-5);
      expect(db).toBeLessThan(1e-5);
      expect(events.map((e) => `${e.phase}${e.step}`)).toEqual([
        'encode0',
        'denoise1',
        'denoise2',
        'denoise3',
        'decode3',
      ]);
      a.close();
      b.close();
    });

    it('cancels mid-job within a step, and refuses a server with another pack', async () => {
      const c = new TritonClient({ url: server!.url, headers: {} });
      const ac = new AbortController();
      let at = 0;
      const job = generateRemote(c, input(13, 30), {
        signal: ac.signal,
        onProgress: (p) => {
          if (p.step === 1 && !ac.signal.aborted) {
            at = performance.now();
            ac.abort();
          }
        },
      });
      await expect(job).rejects.toMatchObject({ code: RemoteErrorCode.Cancelled });
      expect(performance.now() - at).toBeLessThan(500);
      await expect(generateRemote(c, { ...input(13, 1), packSha256: '0'.repeat(64) })).rejects.toMatchObject({
        code: RemoteErrorCode.PackMismatch,
      });
      c.close();
    });
  },
);
