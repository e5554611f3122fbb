import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../project/schema';
import { decodeRle, encodeRle } from './rle';
import { drawSeed, providersFor, resolutionSize, toPipelineParams } from './params';

describe('mask run lengths', () => {
  it('round-trips masks that start inside, outside, are empty or full', () => {
    const cases = [
      Uint8Array.of(0, 0, 255, 255, 0, 255),
      Uint8Array.of(255, 0, 0, 0, 0, 1),
      new Uint8Array(6),
      new Uint8Array(6).fill(7),
    ];
    for (const c of cases) {
      const rle = encodeRle(c, 3, 2);
      expect(rle.runs.reduce((a, b) => a + b, 0)).toBe(6);
      expect(rle.runs).toBeInstanceOf(Uint32Array);
      expect([...decodeRle(rle)]).toEqual([...c].map((v) => (v > 0 ? 255 : 0)));
    }
    expect(Array.from(encodeRle(Uint8Array.of(255, 255, 0, 0), 2, 2).runs)).toEqual([0, 2, 2]);
  });
  it('refuses runs that do not cover the mask', () => {
    expect(() => decodeRle({ width: 2, height: 2, runs: Uint32Array.of(1, 1) })).toThrow(/cover 2 pixels/);
    expect(() => decodeRle({ width: 2, height: 2, runs: Uint32Array.of(3, 3) })).toThrow(/cover 6 pixels/);
  });
});

describe('settings -> pipeline parameters', () => {
  it('maps names, keeps in-range values and notes clamped ones', () => {
    const { params, notes } = toPipelineParams({ ...defaultSettings, motionBucket: 400, steps: 7 }, 99);
    expect(params).toMatchObject({ seed: 99, steps: 7, motionBucketId: 255, fps: 6, minGuidance: 1 });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/Motion bucket 400/);
    expect(toPipelineParams(defaultSettings, 1).notes).toEqual([]);
  });
  it('draws 32-bit seeds and maps devices and presets', () => {
    expect(drawSeed(() => 0.999999999)).toBeLessThan(2 ** 32);
    expect(drawSeed(() => 0)).toBe(0);
    expect(providersFor('auto')).toBeUndefined();
    expect(providersFor('cuda')).toEqual(['cuda', 'cpu']);
    expect(resolutionSize('288x512')).toEqual({ width: 288, height: 512 });
  });
});
