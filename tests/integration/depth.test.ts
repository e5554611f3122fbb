import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedImage } from '../../src-shared/ipc/contract';
import type { DepthEstimate } from '../../src-shared/segment/ipc';
import { base64ToBytes, base64ToFloat32 } from '../../src-shared/segment/maskCodec';
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
    const disparity = base64ToFloat32(r.disparity);
    const z0 = base64ToFloat32(r.z0);
    const dn = base64ToBytes(r.dn);
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
    const disparity = base64ToFloat32(r.disparity);
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
});
