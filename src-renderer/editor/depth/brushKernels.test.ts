import { describe, expect, it } from 'vitest';
import { applyDab, dabsBetween, falloff, MIN_Z, type PaintMap } from './brushKernels';
import { toWorkResolution } from './workResolution';

const flat = (w: number, h: number, v: number): PaintMap => ({
  width: w,
  height: h,
  data: new Float32Array(w * h).fill(v),
});
const at = (m: PaintMap, x: number, y: number) => m.data[y * m.width + x] as number;

describe('depth brush kernels', () => {
  it('raise brings depth nearer (smaller Z0) most at the centre; lower pushes it farther', () => {
    const m = flat(9, 9, 0.1);
    const dirty = applyDab(m, 4.5, 4.5, 3, 'raise', 1);
    expect(at(m, 4, 4)).toBeLessThan(0.1);
    expect(at(m, 4, 4)).toBeCloseTo(0.1 * Math.exp(-0.2 * falloff(0, 3)), 6);
    expect(at(m, 3, 4)).toBeGreaterThan(at(m, 4, 4));
    expect(at(m, 0, 0)).toBeCloseTo(0.1, 7); // outside the radius
    expect(dirty).toEqual({ x0: 1, y0: 1, x1: 9, y1: 9 });
    const l = flat(9, 9, 0.1);
    applyDab(l, 4.5, 4.5, 3, 'lower', 0.5);
    expect(at(l, 4, 4)).toBeCloseTo(0.1 * Math.exp(0.1), 6);
  });

  it('clamps to the LeviTor range (0, 1]', () => {
    const m = flat(5, 5, 0.99);
    for (let i = 0; i < 20; i++) applyDab(m, 2.5, 2.5, 3, 'lower', 1);
    expect(at(m, 2, 2)).toBe(1);
    const n = flat(5, 5, 0.005);
    for (let i = 0; i < 50; i++) applyDab(n, 2.5, 2.5, 3, 'raise', 1);
    expect(at(n, 2, 2)).toBeCloseTo(MIN_Z, 7);
    expect(Math.min(...n.data)).toBeGreaterThan(0);
  });

  it('flatten moves depth towards the stroke-start depth', () => {
    const m = flat(8, 1, 0.5);
    m.data.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    applyDab(m, 4, 0.5, 10, 'flatten', 1, 0.3);
    // Strength 1 at the centre reaches the target; farther cells move part of the way.
    expect(at(m, 4, 0)).toBeCloseTo(0.3 + (0.5 - 0.3) * (1 - falloff(0.5, 10)), 6);
    for (let x = 0; x < 8; x++) {
      const before = (x + 1) / 10;
      expect(Math.abs(at(m, x, 0) - 0.3)).toBeLessThanOrEqual(Math.abs(before - 0.3) + 1e-7);
    }
  });

  it('smooth reduces a spike and keeps a flat map flat', () => {
    const m = flat(11, 11, 0.2);
    m.data[5 * 11 + 5] = 0.9;
    applyDab(m, 5.5, 5.5, 5, 'smooth', 1);
    expect(at(m, 5, 5)).toBeLessThan(0.5);
    expect(at(m, 5, 5)).toBeGreaterThan(0.2);
    const f = flat(11, 11, 0.2);
    applyDab(f, 5.5, 5.5, 5, 'smooth', 1);
    for (const v of f.data) expect(v).toBeCloseTo(0.2, 6);
  });

  it('a dab outside the map changes nothing', () => {
    const m = flat(4, 4, 0.3);
    applyDab(m, -20, -20, 3, 'raise', 1);
    expect([...m.data].every((v) => Math.abs(v - 0.3) < 1e-7)).toBe(true);
  });

  it('spaces dabs evenly along a stroke segment', () => {
    const d = dabsBetween({ x: 0, y: 0 }, { x: 10, y: 0 }, 2.5);
    expect(d.map((p) => p.x)).toEqual([2.5, 5, 7.5, 10]);
    expect(dabsBetween({ x: 1, y: 1 }, { x: 1, y: 1 }, 2)).toEqual([{ x: 1, y: 1 }]);
  });
});

describe('depth work resolution', () => {
  it('keeps maps up to 1024 px and downsamples larger ones by nearest cell (Z0 values kept)', () => {
    const small = toWorkResolution('i', 4, 2, new Float32Array(8).fill(0.5), new Float32Array(8));
    expect([small.width, small.height]).toEqual([4, 2]);
    const w = 2048;
    const h = 1024;
    const z0 = new Float32Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) z0[y * w + x] = x < w / 2 ? 0.1 : 0.9;
    const big = toWorkResolution('i', w, h, z0, z0);
    expect([big.width, big.height]).toEqual([1024, 512]);
    expect(big.z0[0]).toBeCloseTo(0.1, 6);
    expect(big.z0[1023]).toBeCloseTo(0.9, 6);
    expect(new Set(big.z0).size).toBe(2);
  });
});
