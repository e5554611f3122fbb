import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logitsToImage, threshold } from '../../src-main/inference/models/sam2/post';
import { decodeMask, encodeMask } from '../../src-shared/segment/maskCodec';
import { upsampleThresholdEncode } from '../../src-shared/segment/maskUpsample';
import { readF32Gz } from '../golden/sam2Fixture';
import { TINY_SAM2_DIR } from '../support/installTinyModels';

// The fused upsample + threshold + run-length encoder used for clicks must give exactly the mask of the
// runner's reference path (upsampleBilinear -> threshold), which the SAM2 golden tests pin to the predictor.
describe('upsampleThresholdEncode', () => {
  /** Smooth pseudo-logits with sign changes everywhere, plus exact zeros (the > 0 boundary). */
  function logits(seed: number): Float32Array {
    const a = new Float32Array(256 * 256);
    for (let y = 0; y < 256; y++)
      for (let x = 0; x < 256; x++)
        a[y * 256 + x] = Math.round(8 * Math.sin((x + seed) / 9) * Math.cos((y - seed) / 13) * 4) / 4;
    return a;
  }

  it.each([
    [288, 512],
    [640, 480],
    [1000, 3],
    [1, 1],
    [256, 256],
    [2048, 1536],
  ])('%ix%i: same mask and area as upsampleBilinear + threshold', (w, h) => {
    for (const seed of [0, 5]) {
      const lr = logits(seed);
      const ref = threshold(logitsToImage(lr, 0, w, h));
      const got = upsampleThresholdEncode(lr, 256, 256, w, h);
      expect(Buffer.compare(got.mask, encodeMask(ref))).toBe(0);
      expect(got.area).toBe(ref.reduce((s, v) => s + v, 0));
      // Byte comparison: toEqual walks a 3 M-element array element by element (minutes on a loaded machine).
      expect(Buffer.compare(decodeMask(got.mask, w, h), ref)).toBe(0);
    }
  });

  it('on the golden low-res logits of a real decoder run', () => {
    // lowres_sample holds every 4th value of [3,256,256]; rebuild a full plane from mask 1's samples by
    // nearest fill only to get realistic magnitudes, then compare both paths on it.
    const s = readF32Gz(join(TINY_SAM2_DIR, 'golden', 'portrait-click.lowres_sample.f32.gz'));
    const plane = new Float32Array(256 * 256);
    for (let i = 0; i < plane.length; i++) plane[i] = s[Math.floor((65536 + i) / 4)] as number;
    const ref = threshold(logitsToImage(plane, 0, 288, 512));
    expect(Buffer.compare(upsampleThresholdEncode(plane, 256, 256, 288, 512).mask, encodeMask(ref))).toBe(0);
  });
});
