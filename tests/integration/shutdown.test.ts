import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationJob } from '../../src-shared/generation/ipc';
import type { ImportedImage } from '../../src-shared/ipc/contract';
import type { ProjectSnapshot } from '../../src-shared/project/ipc';
import { startBrowserHost, type RunningHost } from '../e2e/support/browserHost';
import { installTinyModels } from '../support/installTinyModels';
import { installTinyVideoPack } from '../support/installTinyVideoPack';
import { squareScene, tinySettings } from './generationFixture';
import { connectHost, type HostSocket } from './support/hostSocket';

// SIGTERM to the real browser host while it works (a generation; automatic segments): it stops, its
// inference process with it, and nothing is half-written: the saved project file is byte for byte what
// it was, no take of the cancelled job anywhere, no temp files left, and the unsaved edit is a complete
// recovery file the next start offers. The stop times are printed (figures, not assertions).
let dir: string;
const env = (name: string) => ({
  HOME: join(dir, name, 'home'),
  LEVITOR_DATA_DIR: join(dir, name, 'data'),
  LEVITOR_MODELS_DIR: join(dir, 'models'),
  LEVITOR_SKIP_GPU_PROBE: '1',
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-shutdown-'));
  await installTinyModels(join(dir, 'models'));
  await installTinyVideoPack(join(dir, 'models'));
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Direct children of `pid` (the inference process of a host). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        return Number(/\) \S+ (\d+)/.exec(readFileSync(`/proc/${n}/stat`, 'utf8'))?.[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** SIGTERM, then the ms until the host exited; fails if it needs a SIGKILL. */
async function terminate(child: ChildProcess): Promise<{ ms: number; code: number | null }> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const t0 = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  return { ms: Math.round(performance.now() - t0), code };
}

/** Every file under `root` (relative paths). */
async function filesUnder(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

async function start(name: string): Promise<{ host: RunningHost; ws: HostSocket }> {
  await mkdir(join(dir, name, 'home'), { recursive: true });
  const host = await startBrowserHost(env(name));
  return { host, ws: await connectHost(host.url) };
}

describe('SIGTERM to the browser host while it works', () => {
  it('during a generation: the job is cancelled, the project file intact, the edit recoverable', async () => {
    const { host, ws } = await start('gen');
    const home = env('gen').HOME;
    const scene = await squareScene((n, b) =>
      ws.call<ImportedImage>('image:importBytes', { name: n, bytes: b }),
    );
    const snap = await ws.call<ProjectSnapshot>('project:newFromImage', { imageId: scene.imageId });
    const file = await ws.call<{ handle: string }>('files:choose', {
      purpose: 'save-project',
      dir: home,
      name: 'work.levitor',
    });
    const { path } = await ws.call<{ path: string }>('project:saveAs', { handle: file.handle });
    const saved = await readFile(path);
    // An unsaved edit (recovery must hold it whole) and a long job (40 steps) that is running when we stop.
    await ws.call('project:update', { edit: { doc: { ...snap.doc, name: 'edited' } }, dirty: true });
    const job = await ws.call<GenerationJob>('generation:enqueue', {
      projectId: snap.doc.id,
      settings: tinySettings({ steps: 40 }),
      scene,
      label: 'long',
    });
    await ws.waitForEvent((c, p) => {
      const j = p as GenerationJob;
      return c === 'generation:job' && j.id === job.id && j.phase === 'denoise' && j.step >= 1;
    });
    const inference = childrenOf(host.process.pid!);
    expect(inference.length, 'the host runs its inference process').toBeGreaterThan(0);
    const stop = await terminate(host.process);
    console.log(`SIGTERM during a generation: host exited after ${stop.ms} ms`);
    expect(stop.code).toBe(0);
    for (const pid of inference) expect(existsSync(`/proc/${pid}`), `inference ${pid} is gone`).toBe(false);

    expect((await readFile(path)).equals(saved), 'the project file is untouched').toBe(true);
    expect(await readdir(home)).toEqual(['work.levitor']);
    const data = await filesUnder(env('gen').LEVITOR_DATA_DIR);
    expect(
      data.filter((f) => /\.tmp|\.part/.test(f)),
      'no temp files in the data folder',
    ).toEqual([]);

    // The next start offers the edit, complete, and no take of the cancelled job is in it.
    const next = await start('gen');
    const offers = await next.ws.call<{ id: string; name: string }[]>('project:recoverList', {});
    expect(offers.map((o) => o.name)).toEqual(['edited']);
    const recovered = await next.ws.call<ProjectSnapshot>('project:recover', { id: offers[0]!.id });
    expect(recovered.doc.name).toBe('edited');
    expect(recovered.doc.takes).toEqual([]);
    expect(Object.keys(recovered.entries).filter((n) => n.startsWith('takes/'))).toEqual([]);
    next.ws.close();
    await next.host.dispose();
  }, 240_000);

  it('during automatic segments: the job is cancelled and the host stops with its inference process', async () => {
    const { host, ws } = await start('auto');
    const png = await sharp({
      create: {
        width: 640,
        height: 480,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 50 },
      },
    })
      .png()
      .toBuffer();
    const image = await ws.call<ImportedImage>('image:importBytes', {
      name: 'noise.png',
      bytes: png,
    });
    // Every grid point kept (no quality filters): each chunk has real image-size work to do.
    const { jobId } = await ws.call<{ jobId: string }>('segment:auto', {
      imageId: image.imageId,
      settings: { pointsPerSide: 16, pointsPerBatch: 4, predIouThresh: 0, stabilityScoreThresh: 0 },
    });
    await ws.waitForEvent((c, p) => c === 'inference:progress' && (p as { jobId: string }).jobId === jobId);
    const inference = childrenOf(host.process.pid!);
    const stop = await terminate(host.process);
    console.log(`SIGTERM during automatic segments: host exited after ${stop.ms} ms`);
    expect(stop.code).toBe(0);
    for (const pid of inference) expect(existsSync(`/proc/${pid}`), `inference ${pid} is gone`).toBe(false);
    const data = await filesUnder(env('auto').LEVITOR_DATA_DIR);
    expect(
      data.filter((f) => /\.tmp|\.part/.test(f)),
      'no temp files in the data folder',
    ).toEqual([]);
    expect(await readdir(env('auto').HOME)).toEqual([]);
    await host.dispose();
  }, 240_000);
});
