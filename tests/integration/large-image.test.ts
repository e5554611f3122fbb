import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_LIMITS, type ImportedImage } from '../../src-shared/ipc/contract';
import type { ProjectSnapshot } from '../../src-shared/project/ipc';
import type { DepthEstimate, SegmentClickResult } from '../../src-shared/segment/ipc';
import { decodeMask } from '../../src-shared/segment/maskCodec';
import { installTinyModels, startTinyStudio, type TinyStudio } from '../support/installTinyModels';

// The largest image the studio opens (IMAGE_LIMITS: 16384 px a side, 8192x8192 pixels), end to end through
// the services and the real inference host with the tiny models: open, embedding, depth, a click,
// automatic segments (one grid point, every mask kept: each candidate costs an image-size pass), a project
// saved and reopened. One pixel row more is refused with the limit in the message. Time and peak memory
// are printed (figures, not assertions). At load average ~13 on 2 cores: 63 s in all (embedding 25 s,
// depth 18 s, automatic segments 10 s), peak RSS inference 0.97 GB, main 0.7 GB with the test runner
// (inference 3.1 GB before depth's pre-processing stopped making a float64 copy of the image, 1.6 GB
// here, and the encoder and depth sessions dropped their memory arenas); earlier, a 8192x8192 noise JPEG
// with a 4x4 grid took 389 s (automatic segments 262 s).
const W = IMAGE_LIMITS.maxSide;
const H = IMAGE_LIMITS.maxPixels / W;
let dir: string;
let studio: TinyStudio;

const peakMb = (pid: number): number =>
  Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024);

/** A smooth picture (cheap to make and to write as PNG, but every pass still visits all its pixels). */
async function picture(path: string, width: number, height: number): Promise<void> {
  const seed = await sharp({ create: { width: 4, height: 2, channels: 3, background: '#3060a0' } })
    .composite([
      { input: { create: { width: 2, height: 2, channels: 3, background: '#c0a040' } }, left: 2, top: 0 },
    ])
    .png()
    .toBuffer();
  await sharp(seed).resize(width, height, { kernel: 'cubic' }).png({ compressionLevel: 1 }).toFile(path);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-large-'));
  await installTinyModels(join(dir, 'models'));
  studio = await startTinyStudio(join(dir, 'models'));
  await studio.inference.ready();
}, 60_000);
afterAll(async () => {
  await studio?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe(`an image at the limit (${W}x${H})`, () => {
  it('opens, encodes, estimates depth, segments, saves and reopens', async () => {
    const file = join(dir, 'large.png');
    await picture(file, W, H);
    const laps: string[] = [];
    let t = performance.now();
    const lap = (what: string): void => {
      laps.push(`${what} ${Math.round(performance.now() - t)} ms`);
      t = performance.now();
    };
    const t0 = t;
    const image = await studio.call<ImportedImage>('image:openPath', {
      handle: studio.grant(file, 'open-image'),
    });
    expect([image.width, image.height]).toEqual([W, H]);
    lap('open');
    await studio.call('segment:prepare', { imageId: image.imageId });
    lap('embedding');
    const depth = await studio.call<DepthEstimate>('depth:estimate', { imageId: image.imageId });
    expect([depth.width, depth.height]).toEqual([1024, 256]);
    lap('depth');
    const click = await studio.call<SegmentClickResult>('segment:click', {
      imageId: image.imageId,
      points: [{ x: W / 2, y: H / 2, label: 1 }],
      box: null,
      choice: 'reference',
    });
    expect([click.width, click.height]).toEqual([W, H]);
    expect(decodeMask(click.mask, W, H).length).toBe(W * H);
    lap('click');
    const { jobId } = await studio.call<{ jobId: string }>('segment:auto', {
      imageId: image.imageId,
      settings: { pointsPerSide: 1, pointsPerBatch: 1, predIouThresh: 0, stabilityScoreThresh: 0 },
    });
    const auto = await studio.call<{ width: number; height: number; masks: unknown[] }>(
      'segment:autoResult',
      { jobId },
    );
    expect([auto.width, auto.height]).toEqual([W, H]);
    expect(auto.masks.length).toBeGreaterThan(0);
    lap(`automatic segments (${auto.masks.length})`);
    await studio.call<ProjectSnapshot>('project:new', { image: studio.grant(file, 'open-image') });
    const saved = join(dir, 'large.levitor');
    await studio.call('project:saveAs', { handle: studio.grant(saved, 'save-project') });
    lap('new project + save');
    const reopened = await studio.call<ProjectSnapshot>('project:open', {
      handle: studio.grant(saved, 'open-project'),
    });
    expect([reopened.doc.image.width, reopened.doc.image.height]).toEqual([W, H]);
    lap('reopen');
    console.log(
      `${W}x${H}: ${laps.join(', ')}; total ${Math.round(performance.now() - t0)} ms; peak RSS main ` +
        `${peakMb(process.pid)} MB (test runner included), inference ${peakMb(studio.inference.pid!)} MB`,
    );
  }, 600_000);

  it('refuses one pixel row more, saying the limit', async () => {
    const file = join(dir, 'over.png');
    await sharp({
      create: { width: W, height: H + 1, channels: 3, background: '#000' },
      limitInputPixels: false,
    })
      .png()
      .toFile(file);
    await expect(
      studio.call('image:openPath', { handle: studio.grant(file, 'open-image') }),
    ).rejects.toMatchObject({
      code: 'image/too-many-pixels',
      message: expect.stringMatching(/67\.1 MP \(16384x4097\).*up to 67\.1 MP \(8192x8192 or 16384x4096\)/),
    });
  }, 60_000);
});
