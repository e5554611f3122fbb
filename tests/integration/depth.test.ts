import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedImage } from '../../src-shared/ipc/contract';
import type { DepthEstimate } from '../../src-shared/segment/ipc';
import sharp from 'sharp';
import { workGrid } from '../../src-shared/image/workGrid';
import { DepthTasks } from '../../src-main/inference/models/depth/tasks';
import { maxAbsDiffStrided, readF32Gz, readU8Gz } from '../golden/sam2Fixture';
import {
  installTinyModels,
  startTinyStudio,
  TINY_DEPTH_DIR,
  type TinyStudio,
} from '../support/installTinyModels';

// depth:estimate through the contract with the real inference host on the tiny Depth Anything V2 fixture
// (transformers.js layout), parity mode (BGR) on by default. Goldens and tolerances as tests/golden/depth:
// disparity max abs diff 1e-5; Dn at most 0.5% of pixels differ, each by 1; Z0 = 1/Dn (Dn = 0 -> 1) in float32.
const GOLD = join(TINY_DEPTH_DIR, 'golden');
let dir: string;
let studio: TinyStudio;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-depth-'));
  await installTinyModels(join(dir, 'models'));
  studio = await startTinyStudio(join(dir, 'models'));
});
afterAll(async () => {
  await studio?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('depth:estimate (real inference host, tiny Depth Anything V2)', () => {
  it('Z0, Dn and disparity at image size match the reference goldens (parity mode)', async () => {
    const img = await studio.call<ImportedImage>('image:openPath', {
      handle: studio.grant(join(TINY_DEPTH_DIR, 'images', 'portrait.png'), 'open-image'),
    });
    const r = await studio.call<DepthEstimate>('depth:estimate', { imageId: img.imageId });
    expect([r.width, r.height]).toEqual([288, 512]);
    const n = r.width * r.height;
    const { disparity, z0, dn } = r;
    expect([disparity.length, z0.length, dn.length]).toEqual([n, n, n]);

    expect(
      maxAbsDiffStrided(disparity, readF32Gz(join(GOLD, 'portrait-dynamic.disparity.f32.gz')), 1),
    ).toBeLessThan(1e-5);
    const goldDn = readU8Gz(join(GOLD, 'portrait-dynamic.dn.u8.gz'));
    let flips = 0;
    let zFlips = 0;
    for (let i = 0; i < n; i++) {
      const d = Math.abs((dn[i] as number) - (goldDn[i] as number));
      expect(d).toBeLessThanOrEqual(1);
      if (d) flips++;
      const g = goldDn[i] as number;
      if (z0[i] !== Math.fround(g === 0 ? 1 : 1 / g)) zFlips++;
      // Z0 is exactly 1/Dn of the Dn sent beside it.
      const own = dn[i] as number;
      if (z0[i] !== Math.fround(own === 0 ? 1 : 1 / own)) throw new Error(`z0[${i}] is not 1/Dn`);
    }
    expect(flips / n).toBeLessThan(5e-3);
    expect(zFlips).toBe(flips);
  });

  it('a second image of another size works with the same session', async () => {
    const img = await studio.call<ImportedImage>('image:openPath', {
      handle: studio.grant(join(TINY_DEPTH_DIR, 'images', 'photo.png'), 'open-image'),
    });
    const r = await studio.call<DepthEstimate>('depth:estimate', { imageId: img.imageId });
    expect([r.width, r.height]).toEqual([img.width, img.height]);
    const disparity = r.disparity;
    expect(
      maxAbsDiffStrided(disparity, readF32Gz(join(GOLD, 'photo-dynamic.disparity.f32.gz')), 1),
    ).toBeLessThan(1e-5);
  });

  it('no depth model: models/not-installed says what to install and how', async () => {
    const empty = await startTinyStudio(join(dir, 'empty-models'));
    try {
      const img = await empty.call<ImportedImage>('image:openPath', {
        handle: empty.grant(join(TINY_DEPTH_DIR, 'images', 'portrait.png'), 'open-image'),
      });
      const err = await failure(empty.call('depth:estimate', { imageId: img.imageId }));
      expect(err.code).toBe('models/not-installed');
      expect(err.message).toMatch(/Depth Anything V2 Small/);
      expect(err.message).toMatch(/Models panel/);
      expect(err.message).toMatch(/levitor models install depth-anything-v2-small/);
    } finally {
      await empty.dispose();
    }
  });

  it('a large image: depth comes on the work grid, equal to the image-size result at those pixels', async () => {
    // 2500x1400 (past the 1024 work side): a smooth picture so the disparity varies everywhere.
    const w = 2500;
    const h = 1400;
    const rgb = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 3;
        rgb[i] = (x * 255) / w;
        rgb[i + 1] = (y * 255) / h;
        rgb[i + 2] = ((x + y) * 97) % 256;
      }
    const file = join(dir, 'large.png');
    await sharp(rgb, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toFile(file);
    const img = await studio.call<ImportedImage>('image:openPath', {
      handle: studio.grant(file, 'open-image'),
    });
    const r = await studio.call<DepthEstimate>('depth:estimate', { imageId: img.imageId });
    const g = workGrid(w, h, 1024);
    expect([r.width, r.height]).toEqual([1024, 573]);
    expect([r.width, r.height]).toEqual([g.width, g.height]);
    // The reference: the same model at image size, then the grid's pixels.
    const tasks = new DepthTasks();
    try {
      const full = await tasks.estimate({
        modelPath: join(TINY_DEPTH_DIR, 'model.onnx'),
        image: { data: new Uint8Array(rgb), width: w, height: h },
      });
      let diff = 0;
      for (let y = 0; y < g.height; y++)
        for (let x = 0; x < g.width; x++) {
          const src = (g.rows[y] as number) * w + (g.cols[x] as number);
          const i = y * g.width + x;
          if (r.disparity[i] !== full.disparity[src] || r.dn[i] !== full.dn[src]) diff++;
          if (r.z0[i] !== Math.fround(full.z0[src] as number)) diff++;
        }
      expect(diff).toBe(0);
    } finally {
      await tasks.dispose();
    }
  });
});
