import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedImage, InferenceProgress } from '../../src-shared/ipc/contract';
import type { AutoMaskInfo, SegmentAutoDone, SegmentClickResult } from '../../src-shared/segment/ipc';
import { decodeMask } from '../../src-shared/segment/maskCodec';
import { compareMasks, readJson, readU8Gz } from '../golden/sam2Fixture';
import {
  installTinyModels,
  startTinyStudio,
  TINY_SAM2_DIR,
  TINY_SAM2_ID,
  type TinyStudio,
} from '../support/installTinyModels';

// segment:* through the contract (dispatcher + createStudioServices) with the real inference host on the tiny
// SAM2 fixture, installed by the real model manager. Masks are compared with the SAM2ImagePredictor goldens
// (tests/fixtures/sam2/golden) at the golden test's tolerance: >= 99.9% identical pixels.
const GOLD = join(TINY_SAM2_DIR, 'golden');
interface AmgGolden {
  settings: Record<string, number>;
  count: number;
  iou: number[];
}
const amg = readJson<{ amg: AmgGolden }>(join(GOLD, 'index.json')).amg;
const W = 288;
const H = 512; // portrait.png
const plane = W * H;
const golden = (key: string, k = 1): Uint8Array =>
  readU8Gz(join(GOLD, `${key}.masks.u8.gz`)).subarray(k * plane, (k + 1) * plane);

let dir: string;
let studio: TinyStudio;
let portrait: ImportedImage;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-segment-'));
  await installTinyModels(join(dir, 'models'));
  studio = await startTinyStudio(join(dir, 'models'));
  portrait = await studio.call<ImportedImage>('image:openPath', {
    handle: studio.grant(join(TINY_SAM2_DIR, 'images', 'portrait.png'), 'open-image'),
  });
});
afterAll(async () => {
  await studio?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const click = (req: Record<string, unknown>) =>
  studio.call<SegmentClickResult>('segment:click', {
    imageId: portrait.imageId,
    box: null,
    choice: 'reference',
    ...req,
  });

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('segment:* (real inference host, tiny SAM2)', () => {
  it('click -> golden mask; the next clicks reuse the embedding (cacheHit); best IoU picks the argmax', async () => {
    const first = await click({ points: [{ x: 100, y: 150, label: 1 }] });
    expect([first.width, first.height, first.chosen]).toEqual([W, H, 1]);
    expect(first.cacheHit).toBe(false); // this click encoded the image
    const mask = decodeMask(first.mask, W, H);
    expect(compareMasks(mask, golden('portrait-click')).same).toBeGreaterThan(0.999);
    expect(first.area).toBe(mask.reduce((s, v) => s + v, 0));
    expect(first.ious).toHaveLength(3);
    // RLE keeps a click's answer small: far below W*H bytes.
    expect(first.mask.length).toBeLessThan(plane / 4);

    const second = await click({
      points: [
        { x: 100, y: 150, label: 1 },
        { x: 200, y: 330, label: 0 },
      ],
    });
    expect(second.cacheHit).toBe(true);
    expect(compareMasks(decodeMask(second.mask, W, H), golden('portrait-two-clicks')).same).toBeGreaterThan(
      0.999,
    );

    const box = await click({ points: [], box: [40, 60, 240, 300] });
    expect(box.cacheHit).toBe(true);
    expect(compareMasks(decodeMask(box.mask, W, H), golden('portrait-box')).same).toBeGreaterThan(0.999);

    const best = await click({ points: [{ x: 100, y: 150, label: 1 }], choice: 'bestIou' });
    expect(best.chosen).toBe(best.ious.indexOf(Math.max(...best.ious)));
    expect(
      compareMasks(decodeMask(best.mask, W, H), golden('portrait-click', best.chosen)).same,
    ).toBeGreaterThan(0.999);
  });

  it("refinement: previousMask feeds the object's last logits back (golden refine case)", async () => {
    const a = await click({ objectId: 'cup', points: [{ x: 100, y: 150, label: 1 }] });
    expect(a.usedPrevious).toBe(false);
    const pts = [
      { x: 100, y: 150, label: 1 },
      { x: 200, y: 330, label: 0 },
    ];
    const refined = await click({ objectId: 'cup', points: pts, previousMask: true });
    expect(refined.usedPrevious).toBe(true);
    expect(compareMasks(decodeMask(refined.mask, W, H), golden('portrait-refine')).same).toBeGreaterThan(
      0.999,
    );
    // Another object has no previous logits: same prompt gives the two-clicks (no refinement) mask.
    const other = await click({ objectId: 'saucer', points: pts, previousMask: true });
    expect(other.usedPrevious).toBe(false);
    expect(compareMasks(decodeMask(other.mask, W, H), golden('portrait-two-clicks')).same).toBeGreaterThan(
      0.999,
    );
  });

  it('segment:prepare encodes ahead, so the first click is a cache hit; a restarted host gets the pixels again', async () => {
    const photo = await studio.call<ImportedImage>('image:openPath', {
      handle: studio.grant(join(TINY_SAM2_DIR, 'images', 'photo.png'), 'open-image'),
    });
    const { key } = await studio.call<{ key: string }>('segment:prepare', { imageId: photo.imageId });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const req = {
      imageId: photo.imageId,
      points: [{ x: 320, y: 300, label: 1 }],
      box: null,
      choice: 'reference',
    };
    const r = await studio.call<SegmentClickResult>('segment:click', req);
    expect(r.cacheHit).toBe(true);
    const g = readU8Gz(join(GOLD, 'photo-click.masks.u8.gz')).subarray(640 * 480, 2 * 640 * 480);
    expect(compareMasks(decodeMask(r.mask, 640, 480), g).same).toBeGreaterThan(0.999);

    // Kill the host: main still knows the key, the new host does not hold the embedding -> pixels resent.
    const pid = studio.inference.pid;
    expect(pid).toBeDefined();
    process.kill(pid as number, 'SIGKILL');
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (studio.inference.pid !== pid) {
          clearInterval(t);
          resolve();
        }
      }, 20);
    });
    const again = await studio.call<SegmentClickResult>('segment:click', req);
    expect(again.cacheHit).toBe(false);
    expect(compareMasks(decodeMask(again.mask, 640, 480), g).same).toBeGreaterThan(0.999);
  });

  it('automatic masks: a job with progress events, results = golden, segment:autoDone', async () => {
    const s = amg.settings;
    const settings = {
      pointsPerSide: s.points_per_side,
      pointsPerBatch: s.points_per_batch,
      predIouThresh: s.pred_iou_thresh,
      stabilityScoreThresh: s.stability_score_thresh,
      stabilityScoreOffset: s.stability_score_offset,
      boxNmsThresh: s.box_nms_thresh,
    };
    const { jobId } = await studio.call<{ jobId: string }>('segment:auto', {
      imageId: portrait.imageId,
      settings,
    });
    const r = await studio.call<{ width: number; height: number; masks: AutoMaskInfo[] }>(
      'segment:autoResult',
      {
        jobId,
      },
    );
    expect([r.width, r.height]).toEqual([W, H]);
    expect(r.masks).toHaveLength(amg.count);
    const g = readU8Gz(join(GOLD, 'portrait-amg.masks.u8.gz'));
    r.masks.forEach((m, i) => {
      expect(Math.abs(m.iou - (amg.iou[i] as number))).toBeLessThan(1e-4);
      const mask = decodeMask(m.mask, W, H);
      expect(compareMasks(mask, g.subarray(i * plane, (i + 1) * plane)).same).toBeGreaterThan(0.999);
      expect(m.area).toBe(mask.reduce((a, v) => a + v, 0));
    });
    const progress = studio.events
      .filter((e) => e.channel === 'inference:progress' && (e.payload as InferenceProgress).jobId === jobId)
      .map((e) => e.payload as InferenceProgress);
    expect(progress.map((p) => [p.done, p.total, p.task])).toEqual([
      [1, 4, 'sam2:auto'],
      [2, 4, 'sam2:auto'],
      [3, 4, 'sam2:auto'],
      [4, 4, 'sam2:auto'],
    ]);
    await expect.poll(() => studio.events.find((e) => e.channel === 'segment:autoDone')).toBeDefined();
    const done = studio.events.find(
      (e) => e.channel === 'segment:autoDone' && (e.payload as SegmentAutoDone).jobId === jobId,
    )?.payload as SegmentAutoDone;
    expect(done).toMatchObject({ ok: true, count: amg.count, imageId: portrait.imageId });
  });

  it('automatic masks can be cancelled with jobs:cancel', async () => {
    // The reference thresholds with small batches (16 batches of 4 points): quick batches, a long job.
    const { jobId } = await studio.call<{ jobId: string }>('segment:auto', {
      imageId: portrait.imageId,
      settings: { pointsPerSide: 8, pointsPerBatch: 4 },
    });
    // Wait for the first batch, then cancel: the host stops before the next batch.
    await expect
      .poll(() => studio.events.some((e) => (e.payload as InferenceProgress).jobId === jobId), {
        timeout: 60_000,
      })
      .toBe(true);
    expect(await studio.call('jobs:cancel', { jobId })).toEqual({ cancelled: true });
    const err = await failure(studio.call('segment:autoResult', { jobId }));
    expect(err.code).toBe('jobs/cancelled');
    const seen = studio.events.filter((e) => (e.payload as InferenceProgress).jobId === jobId);
    expect(seen.length).toBeLessThan(16);
    await expect
      .poll(() =>
        studio.events.find(
          (e) => (e.payload as SegmentAutoDone).jobId === jobId && e.channel === 'segment:autoDone',
        ),
      )
      .toBeDefined();
    const done = studio.events.find(
      (e) => e.channel === 'segment:autoDone' && (e.payload as SegmentAutoDone).jobId === jobId,
    )?.payload as SegmentAutoDone;
    expect(done.ok).toBe(false);
    expect(done.error?.code).toBe('jobs/cancelled');
    // The host is still usable afterwards.
    expect((await click({ points: [{ x: 100, y: 150, label: 1 }] })).cacheHit).toBe(true);
  });

  it('bad requests and unknown ids are refused with their codes', async () => {
    expect((await failure(click({ points: [] }))).code).toBe('ipc/bad-request');
    expect((await failure(click({ points: [{ x: 1, y: 1, label: 2 }] }))).code).toBe('ipc/bad-request');
    const gone = await failure(
      studio.call('segment:click', {
        imageId: 'nope',
        points: [{ x: 1, y: 1, label: 1 }],
        box: null,
        choice: 'reference',
      }),
    );
    expect(gone.code).toBe('image/not-found');
    expect((await failure(studio.call('segment:autoResult', { jobId: 'nope' }))).code).toBe('jobs/not-found');
  });
});

describe('segment:* errors about models', () => {
  let empty: TinyStudio;
  beforeAll(async () => {
    empty = await startTinyStudio(join(dir, 'empty-models'));
  });
  afterAll(async () => empty?.dispose());

  it('no segmentation model: models/not-installed says what to install and how', async () => {
    const img = await empty.call<ImportedImage>('image:openPath', {
      handle: empty.grant(join(TINY_SAM2_DIR, 'images', 'portrait.png'), 'open-image'),
    });
    for (const start of [
      () =>
        empty.call('segment:click', {
          imageId: img.imageId,
          points: [{ x: 1, y: 1, label: 1 }],
          box: null,
          choice: 'reference',
        }),
      () => empty.call('segment:prepare', { imageId: img.imageId }),
      () => empty.call('segment:auto', { imageId: img.imageId }),
    ]) {
      const err = await failure(start());
      expect(err.code).toBe('models/not-installed');
      expect(err.message).toMatch(/SAM 2\.1/);
      expect(err.message).toMatch(/Models panel/);
      expect(err.message).toMatch(/levitor models install sam2\.1-hiera-tiny/);
    }
  });

  it('a broken installed graph: models/unrecognized names the model and what onnxruntime found', async () => {
    const models = join(dir, 'broken-models');
    await installTinyModels(models);
    await writeFile(join(models, TINY_SAM2_ID, 'files', 'decoder.onnx'), 'not a graph');
    const broken = await startTinyStudio(models);
    try {
      const img = await broken.call<ImportedImage>('image:openPath', {
        handle: broken.grant(join(TINY_SAM2_DIR, 'images', 'portrait.png'), 'open-image'),
      });
      const err = await failure(
        broken.call('segment:click', {
          imageId: img.imageId,
          points: [{ x: 1, y: 1, label: 1 }],
          box: null,
          choice: 'reference',
        }),
      );
      expect(err.code).toBe('models/unrecognized');
      expect(err.message).toContain(TINY_SAM2_ID);
      expect(err.message).toMatch(/decoder\.onnx/);
      expect(err.message).toMatch(/repair/);
    } finally {
      await broken.dispose();
    }
  });
});
