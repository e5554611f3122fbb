import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilePurpose } from '../../src-shared/files/ipc';
import type { GenerationJob, GenerationScene } from '../../src-shared/generation/ipc';
import type { ProjectSnapshot } from '../../src-shared/project/ipc';
import { takeSchema } from '../../src-shared/project/schema';
import { installTinyVideoPack } from '../support/installTinyVideoPack';
import {
  openProjectFor,
  sceneFor,
  startStudio,
  tinySettings,
  waitForJob,
  type Studio,
} from './generationFixture';

// The generation queue through the contract (dispatcher + createStudioServices) with the real inference
// host on the tiny video pack (72x80, 4 frames): progress, takes, cancel, reorder, retry, missing model.
let dir: string;
let studio: Studio;
let scene: GenerationScene;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-gen-'));
  studio = startStudio(join(dir, 'models'));
  scene = await sceneFor(studio);
  await openProjectFor(studio, scene);
});
afterAll(async () => {
  await studio?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** The handle main would issue after the user chose `path` in a dialog (services/files). */
const grant = (path: string, purpose: FilePurpose) => studio.services.files.grant(path, purpose).handle;
/** Queues for the project open in main now (each take belongs to the project it was made for). */
const enqueue = (over = {}, label = 'job') =>
  studio.call<GenerationJob>('generation:enqueue', {
    projectId: studio.services.projects.data?.doc.id,
    settings: tinySettings(over),
    scene,
    label,
  });

describe('generation queue (real inference host, tiny pack)', () => {
  it('says what to install when no video model is installed, and makes no take', async () => {
    const job = await enqueue();
    const done = await waitForJob(studio, job.id);
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('generation/no-video-model');
    expect(done.error?.message).toMatch(/install the LeviTor video pack/);
    expect(done.take).toBeNull();
  });

  it('runs a job: queued -> running step x of N -> done with a take of the pack size', async () => {
    await installTinyVideoPack(join(dir, 'models'));
    const job = await enqueue({}, 'first');
    expect(job.status).toBe('queued');
    const done = await waitForJob(studio, job.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');
    const seen = studio.jobEvents(job.id);
    expect(seen[0]?.status).toBe('queued');
    const steps = seen.filter((j) => j.status === 'running' && j.phase === 'denoise').map((j) => j.step);
    expect(steps).toEqual(expect.arrayContaining([1, 2, 3]));
    expect(seen.every((j) => j.steps === 3)).toBe(true);
    expect(seen.some((j) => j.status === 'running' && j.etaMs !== null)).toBe(true);
    const take = takeSchema.parse(done.take);
    expect(take).toMatchObject({ width: 72, height: 80, fps: 6, seedUsed: 1234, frames: { count: 4 } });
    expect(done.notes.join(' ')).toMatch(/renders 4 frames at 72x80/);
    const frames = await studio.call<{ urls: string[] }>('generation:takeFrames', { takeId: take.id });
    expect(frames.urls).toHaveLength(4);
    const stored = studio.services.generation.takes.get(take.id);
    const meta = await sharp(stored?.pngs[0]).metadata();
    expect([meta.width, meta.height]).toEqual([72, 80]);
    // Frames differ over time (the model animates) and are not blank.
    const a = await sharp(stored?.pngs[0]).raw().toBuffer();
    const b = await sharp(stored?.pngs[3]).raw().toBuffer();
    expect(a.equals(b)).toBe(false);
  });

  it('same locked seed -> same frames; unlocked seed is drawn per job and recorded', async () => {
    const j1 = await waitForJob(studio, (await enqueue()).id);
    const j2 = await waitForJob(studio, (await enqueue()).id);
    const p1 = studio.services.generation.takes.get(j1.take?.id ?? '')?.pngs[2];
    const p2 = studio.services.generation.takes.get(j2.take?.id ?? '')?.pngs[2];
    expect(Buffer.from(p1 ?? []).equals(Buffer.from(p2 ?? []))).toBe(true);
    const free = await enqueue({ seedLocked: false });
    const done = await waitForJob(studio, free.id);
    expect(done.take?.seedUsed).toBe(free.seedUsed);
  });

  it('cancel mid-way leaves no take; retry runs it again with the same seed', async () => {
    const job = await enqueue({ steps: 60, seedLocked: false });
    const t0 = Date.now();
    while (!studio.jobEvents(job.id).some((j) => j.phase === 'denoise' && j.step >= 1)) {
      if (Date.now() - t0 > 60_000) throw new Error('no denoise step seen');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await studio.call('generation:cancel', { jobId: job.id })).toEqual({ cancelled: true });
    const done = await waitForJob(studio, job.id);
    expect(done.status).toBe('cancelled');
    expect(done.error?.code).toBe('generation/cancelled');
    expect(done.take).toBeNull();
    expect(done.step).toBeLessThan(60);
    const again = await studio.call<GenerationJob>('generation:retry', { jobId: job.id });
    expect(again.id).not.toBe(job.id);
    expect(again.seedUsed).toBe(job.seedUsed);
    await studio.call('generation:cancel', { jobId: again.id });
    expect((await waitForJob(studio, again.id)).status).toBe('cancelled');
  });

  it('reorders waiting jobs; one job runs at a time', async () => {
    const a = await enqueue({ steps: 10 }, 'A');
    const b = await enqueue({}, 'B');
    const c = await enqueue({}, 'C');
    const { jobs } = await studio.call<{ jobs: GenerationJob[] }>('generation:reorder', {
      jobId: c.id,
      toIndex: 0,
    });
    const order = jobs.map((j) => j.id);
    expect(order.indexOf(c.id)).toBeLessThan(order.indexOf(b.id));
    await expect(studio.call('generation:reorder', { jobId: 'nope', toIndex: 0 })).rejects.toMatchObject({
      code: 'generation/not-queued',
    });
    for (const j of [a, b, c]) await waitForJob(studio, j.id);
    const started = studio.events
      .filter((e) => e.channel === 'generation:job')
      .map((e) => e.payload as GenerationJob)
      .filter((j) => j.status === 'running' && j.phase === 'control')
      .map((j) => j.id)
      .filter((id, i, arr) => arr.indexOf(id) === i);
    expect(started.slice(-3)).toEqual([a.id, c.id, b.id]);
    // never two running at once: each job's events end before the next one's start
    const seq = studio.events
      .filter((e) => e.channel === 'generation:job')
      .map((e) => e.payload as GenerationJob)
      .filter((j) => [a.id, b.id, c.id].includes(j.id) && j.status !== 'queued');
    const runs = seq.map((j) => j.id).filter((id, i, arr) => i === 0 || arr[i - 1] !== id);
    expect(runs).toEqual([a.id, c.id, b.id]);
    const removed = await studio.call<{ jobs: GenerationJob[] }>('generation:remove', { jobId: a.id });
    expect(removed.jobs.some((j) => j.id === a.id)).toBe(false);
  });

  it('a take saved in the open project keeps its frames, even after an edit that raced it', async () => {
    const img = join(dir, 'p.png');
    await writeFile(
      img,
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#446688' } })
        .png()
        .toBuffer(),
    );
    const snap = await studio.call<ProjectSnapshot>('project:new', { image: grant(img, 'open-image') });
    const done = await waitForJob(studio, (await enqueue()).id);
    const take = takeSchema.parse(done.take);
    // An edit sent before the renderer saw the take drops the entries nothing lists...
    await studio.call('project:update', { edit: { doc: snap.doc }, dirty: true });
    // ...and the next edit, which lists the take, still saves its frames.
    const path = join(dir, 'with-take.levitor');
    await studio.call('project:saveAs', {
      handle: grant(path, 'save-project'),
      edit: { doc: { ...snap.doc, takes: [take] } },
    });
    const reopened = await studio.call<ProjectSnapshot>('project:open', {
      handle: grant(path, 'open-project'),
    });
    expect(reopened.doc.takes.map((t) => t.id)).toEqual([take.id]);
    const data = studio.services.projects.data;
    expect([...(data?.entries.keys() ?? [])].filter((k) => k.startsWith(`takes/${take.id}/`))).toHaveLength(
      4,
    );
    const frames = await studio.call<{ urls: string[] }>('generation:takeFrames', { takeId: take.id });
    expect(frames.urls).toHaveLength(4);
  });

  it('a take belongs to the project it was made for: main refuses it in another project', async () => {
    const img = join(dir, 'a.png');
    await writeFile(
      img,
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#884466' } })
        .png()
        .toBuffer(),
    );
    const a = await studio.call<ProjectSnapshot>('project:new', { image: grant(img, 'open-image') });
    const aPath = join(dir, 'a.levitor');
    await studio.call('project:saveAs', { handle: grant(aPath, 'save-project'), edit: { doc: a.doc } });
    const job = await enqueue();
    expect(job.projectId).toBe(a.doc.id);
    // Project B is opened while A's take is being made.
    const b = await studio.call<ProjectSnapshot>('project:newFromImage', {
      imageId: scene.imageId,
      name: 'b',
    });
    expect(b.doc.id).not.toBe(a.doc.id);
    const take = takeSchema.parse((await waitForJob(studio, job.id)).take);
    const bEntries = () => [...(studio.services.projects.data?.entries.keys() ?? [])];
    expect(bEntries().filter((k) => k.startsWith('takes/'))).toEqual([]);
    const foreign = { doc: { ...b.doc, takes: [take] } };
    await expect(studio.call('project:update', { edit: foreign, dirty: true })).rejects.toMatchObject({
      code: 'project/foreign-take',
    });
    // Claiming A's id does not get it in either: the project open in main decides.
    await expect(
      studio.call('project:update', { edit: { doc: { ...foreign.doc, id: a.doc.id } }, dirty: true }),
    ).rejects.toMatchObject({ code: 'project/foreign-take' });
    const bPath = join(dir, 'b.levitor');
    await expect(
      studio.call('project:saveAs', { handle: grant(bPath, 'save-project'), edit: foreign }),
    ).rejects.toMatchObject({ code: 'project/foreign-take' });
    expect(studio.services.projects.data?.doc.takes).toEqual([]);
    expect(bEntries().filter((k) => k.startsWith('takes/'))).toEqual([]);
    // Queueing for a project that is not open is refused.
    await expect(
      studio.call('generation:enqueue', { projectId: a.doc.id, settings: tinySettings(), scene, label: 'x' }),
    ).rejects.toMatchObject({ code: 'generation/wrong-project' });
    // Back in A, the take is its own: it is added and saved with its frames.
    await studio.call('project:open', { handle: grant(aPath, 'open-project') });
    await studio.call('project:saveAs', {
      handle: grant(aPath, 'save-project'),
      edit: { doc: { ...a.doc, takes: [take] } },
    });
    const reopened = await studio.call<ProjectSnapshot>('project:open', {
      handle: grant(aPath, 'open-project'),
    });
    expect(reopened.doc.takes.map((t) => t.id)).toEqual([take.id]);
    expect(bEntries().filter((k) => k.startsWith(`takes/${take.id}/`))).toHaveLength(4);
  });

  it('a trajectory the control engine refuses fails in words, with no take', async () => {
    const [o] = scene.objects;
    if (!o?.trajectory) throw new Error('fixture has no trajectory');
    const points = [
      { x: 60, y: 70, depth: 0.9 },
      { x: 100, y: 90, depth: 0.05 },
    ];
    const bad = { ...scene, objects: [{ ...o, trajectory: { ...o.trajectory, points } }] };
    const job = await studio.call<GenerationJob>('generation:enqueue', {
      projectId: studio.services.projects.data?.doc.id,
      settings: tinySettings(),
      scene: bad,
      label: 'x',
    });
    const done = await waitForJob(studio, job.id);
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('generation/scene');
    expect(done.error?.message).toMatch(
      new RegExp(
        `^The scene cannot be animated: "${o.name}" would pass the camera at frame \\d+: .*Move its later points farther`,
      ),
    );
    expect(done.take).toBeNull();
  });

  it('refuses malformed scenes at the contract', async () => {
    const bad = { ...scene, objects: [{ ...scene.objects[0], mask: { width: 1, height: 1, runs: [-1] } }] };
    await expect(
      studio.call('generation:enqueue', {
        projectId: studio.services.projects.data?.doc.id,
        settings: tinySettings(),
        scene: bad,
        label: 'x',
      }),
    ).rejects.toMatchObject({ code: 'ipc/bad-request' });
  });
});
