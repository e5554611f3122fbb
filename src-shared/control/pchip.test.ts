import { describe, expect, it } from 'vitest';
import { interpolateTrack, linspace, pchip } from './pchip';

// Expected values: scipy 1.13.1 PchipInterpolator(np.linspace(0, 1, n), y)(np.linspace(0, 1, m)).
describe('PCHIP as scipy', () => {
  it('4 clicks over 16 frames (interior + end derivatives)', () => {
    expect(Array.from(interpolateTrack([200, 150, 190, 240], 16))).toEqual([
      200.0, 182.64, 168.72, 158.48000000000002, 152.16, 150.0, 152.7377777777778, 159.81333333333333, 169.52,
      180.1511111111111, 190.0, 199.1288888888889, 208.72, 218.74666666666667, 229.1822222222222, 240.0,
    ]);
  });
  it('flat then falling depth (zero-slope rule)', () => {
    expect(Array.from(interpolateTrack([0.00578, 0.00578, 0.0052], 16))).toEqual([
      0.00578, 0.00578, 0.00578, 0.00578, 0.00578, 0.00578, 0.00578, 0.00578, 0.00577621925925926,
      0.005747520000000001, 0.0056940740740740745, 0.005620005925925926, 0.00552944, 0.005426500740740741,
      0.005315312592592593, 0.0052,
    ]);
  });
  it('5 points with sign changes, 7 samples', () => {
    expect(Array.from(pchip(linspace(0, 1, 5), [10, 11, 30, 29, 100], linspace(0, 1, 7)))).toEqual([
      10.0, 10.459259259259259, 16.207407407407405, 30.0, 29.25925925925926, 39.48148148148147, 100.0,
    ]);
  });
  it('two clicks are a straight line; one click is stationary', () => {
    const t = interpolateTrack([10, 20], 3);
    expect(Array.from(t)).toEqual([10, 15, 20]);
    expect(Array.from(interpolateTrack([7], 4))).toEqual([7, 7, 7, 7]);
  });
  it('linspace ends exactly on stop', () => {
    const l = linspace(0, 1, 16);
    expect(l[15]).toBe(1);
    expect(l[5]).toBe(5 * (1 / 15));
  });
});
