import { describe, expect, it } from 'vitest';
import { eulerVStep, inputDivisor, karrasSigmas, modelTimesteps, scaleInitialNoise } from './scheduler';
import { combineGuidance, frameGuidance, linspace32 } from './guidance';
import { addedTimeIds } from './timeIds';
import { Prng } from './prng';

describe('karras schedule', () => {
  it('runs from sigma_max to sigma_min, then 0', () => {
    const s = karrasSigmas(25);
    expect(s.length).toBe(26);
    expect(s[0]).toBeCloseTo(700, 3);
    expect(s[24]).toBeCloseTo(0.002, 7);
    expect(s[25]).toBe(0);
    for (let k = 1; k < 25; k++) expect(s[k]).toBeLessThan(s[k - 1] ?? 0);
  });
  it('gives t = 0.25 ln sigma', () => {
    const t = modelTimesteps(karrasSigmas(25));
    expect(t.length).toBe(25);
    expect(t[0]).toBeCloseTo(0.25 * Math.log(700), 5);
  });
  it('rejects a bad step count', () => {
    expect(() => karrasSigmas(0)).toThrow();
  });
  it('scales the initial noise by sqrt(700^2 + 1)', () => {
    const n = scaleInitialNoise(Float32Array.from([1, -2]), karrasSigmas(4));
    expect(n[0]).toBeCloseTo(Math.sqrt(490001), 2);
    expect(n[1]).toBeCloseTo(-2 * Math.sqrt(490001), 2);
    expect(inputDivisor(0)).toBe(1);
  });
});

describe('euler v step', () => {
  it('lands on x0 when sigma_next = 0', () => {
    const sigma = 2;
    const x = Float32Array.from([1.5, -0.5]);
    const v = Float32Array.from([0.25, 0.75]);
    const x0 = [0, 1].map((i) => (v[i] ?? 0) * (-sigma / Math.sqrt(5)) + (x[i] ?? 0) / 5);
    eulerVStep(x, v, sigma, 0);
    expect(x[0]).toBeCloseTo(x0[0] ?? NaN, 6);
    expect(x[1]).toBeCloseTo(x0[1] ?? NaN, 6);
  });
  it('checks lengths', () => {
    expect(() => eulerVStep(new Float32Array(2), new Float32Array(3), 1, 0)).toThrow();
  });
});

describe('guidance and time ids', () => {
  it('linspace matches torch for 1..3 over 16 frames at the ends', () => {
    const g = frameGuidance(1, 3, 16);
    expect(g[0]).toBe(1);
    expect(g[15]).toBe(3);
    expect(g[5]).toBeCloseTo(1 + (2 / 15) * 5, 6);
    expect(linspace32(2, 2, 1)[0]).toBe(2);
  });
  it('combines uncond and cond halves per frame', () => {
    // v [2,F=2,1,1,1]: uncond [0, 1], cond [2, 5]; g = [1, 3]
    const out = new Float32Array(2);
    combineGuidance(Float32Array.from([0, 1, 2, 5]), Float32Array.from([1, 3]), out);
    expect(Array.from(out)).toEqual([2, 13]);
  });
  it('writes [fps-1, motion, aug] twice', () => {
    expect(Array.from(addedTimeIds(6, 100, 0.5))).toEqual([5, 100, 0.5, 5, 100, 0.5]);
  });
});

describe('prng', () => {
  it('is reproducible per seed and different across seeds', () => {
    const a = new Prng(42).normals(1001);
    expect(Array.from(new Prng(42).normals(1001))).toEqual(Array.from(a));
    expect(new Prng(43).normals(4)[0]).not.toBe(a[0]);
  });
  it('draws standard normals', () => {
    const n = new Prng(7).normals(200_000);
    let mean = 0;
    for (const v of n) mean += v;
    mean /= n.length;
    let varSum = 0;
    for (const v of n) varSum += (v - mean) ** 2;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(varSum / n.length - 1)).toBeLessThan(0.02);
  });
});
