import { describe, expect, it } from 'vitest';
import {
  controlForCfg,
  embedsForCfg,
  rgb8ToPlanar01,
  sampleBuffer,
  vaeInput,
  writeScaledLatents,
} from './pre';
import { framesToRgb8, roundHalfEven, toUnit, unscaleLatents } from './post';

describe('svd pre-processing', () => {
  it('converts RGB8 to planar [0,1]', () => {
    const p = rgb8ToPlanar01(Uint8Array.from([255, 0, 51, 0, 255, 102]), 2, 1);
    expect(Array.from(p)).toEqual([1, 0, 0, 1, 0.2, 0.4].map(Math.fround));
    expect(() => rgb8ToPlanar01(new Uint8Array(5), 2, 1)).toThrow();
  });
  it('adds the augmentation noise to image*2-1', () => {
    expect(Array.from(vaeInput(Float32Array.of(0.5, 1), Float32Array.of(1, -1), 0.5))).toEqual([0.5, 0.5]);
  });
  it('packs [2,F,8,h,w] with uncond zeros and cond image latents, scaled latents in channels 0..3', () => {
    // latent [4,1,1] = 1..4, F = 2
    const s = sampleBuffer(Float32Array.of(1, 2, 3, 4), 2);
    writeScaledLatents(Float32Array.of(2, 2, 2, 2, 4, 4, 4, 4), 2, 2, s);
    expect(Array.from(s)).toEqual([
      1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 3, 4, 2, 2, 2, 2, 1, 2, 3, 4,
    ]);
  });
  it('doubles control and embeds for CFG (uncond embeds = zeros)', () => {
    expect(Array.from(controlForCfg(Float32Array.of(7, 8)))).toEqual([7, 8, 7, 8]);
    expect(Array.from(embedsForCfg(Float32Array.of(3)))).toEqual([0, 3]);
  });
});

describe('svd post-processing', () => {
  it('maps [-1,1] to [0,1] clamped and quantises half to even', () => {
    const out = new Float32Array(3);
    toUnit(Float32Array.of(-3, 0, 3), out);
    expect(Array.from(out)).toEqual([0, 0.5, 1]);
    expect(roundHalfEven(2.5)).toBe(2);
    expect(roundHalfEven(3.5)).toBe(4);
    expect(roundHalfEven(-0.2)).toBe(-0);
    const rgb = framesToRgb8(Float32Array.of(1, 0, 0.5), 1, 1, 1);
    expect(Array.from(rgb[0] ?? [])).toEqual([255, 0, 128]);
    expect(unscaleLatents(Float32Array.of(0.18215), 0.18215)[0]).toBe(1);
  });
});
