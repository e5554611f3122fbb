import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedImage, InferenceProgress } from '../../src-shared/ipc/contract';
import type { SegmentClickResult } from '../../src-shared/segment/ipc';
import {
  installTinyModels,
  startTinyStudio,
  TINY_SAM2_DIR,
  type TinyStudio,
} from '../support/installTinyModels';

// Interactive work first (src-main/inference/priority.ts, nativeLane.ts): the first click on a new image waits
// for its embedding but not for depth; a click made while automatic masks run is answered
// before more than one grid point is decoded, and the automatic masks then go on; quitting during them stops
// the inference host at once. The tiny SAM2 fixture with every mask kept (IoU and stability filters off), so
// each chunk has real image-size work to do. Bounded: ~15 s and ~300 MB on 2 idle cores.
const ALL = { pointsPerSide: 8, pointsPerBatch: 4, predIouThresh: 0, stabilityScoreThresh: 0 };

let dir: string;
let studio: TinyStudio;
let image: ImportedImage;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-priority-'));
  await installTinyModels(join(dir, 'models'));
  studio = await startTinyStudio(join(dir, 'models'));
  image = await studio.call<ImportedImage>('image:openPath', {
    handle: studio.grant(join(TINY_SAM2_DIR, 'images', 'portrait.png'), 'open-image'),
  });
  await studio.call('segment:prepare', { imageId: image.imageId });
});
afterAll(async () => {
  await studio?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const chunksDone = (jobId: string): number =>
  Math.max(
    0,
    ...studio.events
      .filter((e) => e.channel === 'inference:progress' && (e.payload as InferenceProgress).jobId === jobId)
      .map((e) => (e.payload as InferenceProgress).done),
  );

async function untilChunk(jobId: string, n: number): Promise<void> {
  while (chunksDone(jobId) < n) await new Promise((r) => setTimeout(r, 5));
}

describe('priorities in the inference host', () => {
  it('a click made while the image is encoded lands as soon as the embedding exists, before depth', async () => {
    // As the studio does on opening: embedding and depth requested at once, and the artist clicks at once.
    const photo = await studio.call<ImportedImage>('image:openPath', {
      handle: studio.grant(join(TINY_SAM2_DIR, 'images', 'photo.png'), 'open-image'),
    });
    const imageId = photo.imageId;
    const landed: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => landed.push(name));
    await Promise.all([
      track('embedding', studio.call('segment:prepare', { imageId })),
      track('depth', studio.call('depth:estimate', { imageId })),
      track(
        'click',
        studio.call<SegmentClickResult>('segment:click', {
          imageId,
          points: [{ x: 60, y: 40, label: 1 }],
          box: null,
          choice: 'reference',
        }),
      ),
    ]);
    expect(landed).toEqual(['embedding', 'click', 'depth']);
  });

  it('a click during automatic masks waits for at most the decoder run in progress (one grid point)', async () => {
    const { jobId } = await studio.call<{ jobId: string }>('segment:auto', {
      imageId: image.imageId,
      settings: ALL,
    });
    await untilChunk(jobId, 1);
    const result = studio.call<{ masks: unknown[] }>('segment:autoResult', { jobId });
    for (let i = 0; i < 2; i++) {
      const before = chunksDone(jobId);
      const r = await studio.call<SegmentClickResult>('segment:click', {
        imageId: image.imageId,
        points: [{ x: 100 + 20 * i, y: 200, label: 1 }],
        box: null,
        choice: 'reference',
      });
      expect(r.area).toBeGreaterThan(0);
      expect(chunksDone(jobId) - before).toBeLessThanOrEqual(1);
    }
    const total = 16; // 64 points, progress per batch of 4
    expect(chunksDone(jobId)).toBeLessThan(total);
    expect((await result).masks.length).toBeGreaterThan(0);
    expect(chunksDone(jobId)).toBe(total);
  });

  it('cancelling automatic masks stops them between chunks; quitting stops the host at once', async () => {
    const { jobId } = await studio.call<{ jobId: string }>('segment:auto', {
      imageId: image.imageId,
      settings: { ...ALL, pointsPerSide: 16 },
    });
    await untilChunk(jobId, 1);
    const result = studio.call('segment:autoResult', { jobId }).catch((e: { code?: string }) => e.code);
    const pid = studio.inference.pid;
    const t0 = performance.now();
    await studio.dispose();
    const ms = performance.now() - t0;
    console.log(`dispose during automatic masks: ${ms.toFixed(0)} ms`);
    expect(await result).toBe('jobs/cancelled');
    expect(pid).toBeDefined();
    expect(() => process.kill(pid as number, 0)).toThrow(); // the host process is gone
  });
});
