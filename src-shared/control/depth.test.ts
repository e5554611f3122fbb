import { describe, expect, it } from 'vitest';
import { disparityToDn, dnToZ0, z0FromFloat32 } from './depth';
import { ControlError } from './errors';

describe('depth conversion (section 1)', () => {
  it('normalises in float32, divide first, truncates', () => {
    // (0.3 - 0) / 1 * 255 = 76.5 -> 76 (truncation, not rounding); max -> 255; min -> 0
    const dn = disparityToDn(Float32Array.from([0, 0.3, 1, 0.5]));
    expect(Array.from(dn)).toEqual([0, 76, 255, 127]);
  });
  it('divide-then-multiply differs from multiply-then-divide in float32', () => {
    // f32(f32(x/3)*255) vs f32(x*255/3) for x = 1: 84.99999 -> 84 either way? check a value that flips
    const d = Float32Array.from([0, 1, 3]);
    expect(Array.from(disparityToDn(d))).toEqual([0, Math.trunc(Math.fround(Math.fround(1 / 3) * 255)), 255]);
  });
  it('Z0 = 1/Dn in float64, Dn = 0 -> 1', () => {
    const z = dnToZ0(Uint8Array.from([0, 1, 2, 255]));
    expect(Array.from(z)).toEqual([1, 1, 0.5, 1 / 255]);
  });
  it('a constant map has no range: all Z0 = 1', () => {
    expect(Array.from(dnToZ0(disparityToDn(new Float32Array(4).fill(2))))).toEqual([1, 1, 1, 1]);
  });
  it('refuses non-positive Z0 and non-finite disparity', () => {
    expect(() => z0FromFloat32(Float32Array.from([0.5, 0]))).toThrow(ControlError);
    expect(() => disparityToDn(Float32Array.from([0, NaN]))).toThrow(/non-finite/);
  });
});
