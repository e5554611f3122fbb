import { describe, expect, it } from 'vitest';
import {
  antialiasParams,
  bicubicAlignCorners,
  gaussianKernel,
  resizeWithAntialiasing,
} from './antialiasResize';

describe('anti-aliased resize', () => {
  it('uses the spec kernel at 512x288 -> 224', () => {
    expect(antialiasParams(512, 224).kernel).toBe(3);
    expect(antialiasParams(512, 224).sigma).toBeCloseTo(0.643, 3);
    expect(antialiasParams(288, 224).sigma).toBeCloseTo(0.143, 3);
    expect(antialiasParams(100, 224).sigma).toBe(0.001);
    expect(antialiasParams(2000, 224).kernel % 2).toBe(1);
  });
  it('normalises the Gaussian', () => {
    const k = gaussianKernel(5, 1.2);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(k[0]).toBeCloseTo(k[4] ?? NaN, 7);
  });
  it('keeps constants constant and corners exact (align_corners)', () => {
    const c = resizeWithAntialiasing(new Float32Array(3 * 20 * 30).fill(0.5), 3, 20, 30, 7, 9);
    for (const v of c) expect(v).toBeCloseTo(0.5, 6);
    const ramp = Float32Array.from({ length: 4 * 5 }, (_, i) => i);
    const r = bicubicAlignCorners(ramp, 1, 4, 5, 7, 9);
    expect(r[0]).toBe(0);
    expect(r[7 * 9 - 1]).toBeCloseTo(19, 5);
  });
});
