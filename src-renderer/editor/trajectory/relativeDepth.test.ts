import { describe, expect, it } from 'vitest';
import {
  apparentSize,
  depthOfRelative,
  describeRelative,
  describeSize,
  relativeLimits,
  relativeOf,
  stepRelative,
} from './relativeDepth';
import { MAX_DEPTH, MIN_DEPTH } from './trajectoryActions';

// The sample project's balloon starts at about this depth (near: most of the range is farther).
const SAMPLE = 0.0053;

describe('relative depth (distance from where the object starts)', () => {
  it('round-trips between the ratio and the LeviTor depth', () => {
    for (const start of [SAMPLE, 0.05, 0.3, 0.9])
      for (const r of [0.8, 1, 1.5, 2, 3.7]) {
        const { depth, limit } = depthOfRelative(r, start);
        if (limit !== null) continue;
        expect(relativeOf(depth, start)).toBeCloseTo(r, 12);
        expect(depthOfRelative(relativeOf(depth, start), start).depth).toBeCloseTo(depth, 15);
      }
    expect(depthOfRelative(2, 0.1)).toEqual({ depth: 0.2, limit: null });
    expect(depthOfRelative(0.5, 0.1).depth).toBeCloseTo(0.05, 15);
  });

  it('apparent size is the inverse of the distance ratio (s = Z / (Z + dd) at Z = start)', () => {
    const start = 0.1;
    for (const r of [0.5, 1, 2, 4]) {
      const d = depthOfRelative(r, start).depth;
      const dd = d - start;
      expect(apparentSize(d, start)).toBeCloseTo(start / (start + dd), 12);
      expect(apparentSize(d, start)).toBeCloseTo(1 / r, 12);
    }
  });

  it('clamps to the LeviTor range and says which limit', () => {
    expect(relativeLimits(SAMPLE).min).toBeCloseTo(MIN_DEPTH / SAMPLE, 12);
    expect(relativeLimits(SAMPLE).max).toBeCloseTo(1 / SAMPLE, 12);
    // x0.5 nearer than 0.0053 is below 1/255: clamped to the nearest depth
    expect(depthOfRelative(0.5, SAMPLE)).toEqual({ depth: MIN_DEPTH, limit: 'nearest' });
    expect(depthOfRelative(3, 0.5)).toEqual({ depth: MAX_DEPTH, limit: 'farthest' });
    expect(depthOfRelative(Number.NaN, 0.5).limit).toBe('farthest');
    expect(depthOfRelative(1 / 0.5, 0.5)).toEqual({ depth: 1, limit: null });
  });

  it('steps on a grid of ratios: 12 fine or 2 coarse per doubling, every step moves, clamped', () => {
    const start = 0.1;
    let d = start;
    for (let i = 0; i < 12; i++) d = stepRelative(d, start, 1);
    expect(relativeOf(d, start)).toBeCloseTo(2, 10);
    expect(relativeOf(stepRelative(start, start, 2, true), start)).toBeCloseTo(2, 10);
    expect(relativeOf(stepRelative(start, start, -2, true), start)).toBeCloseTo(0.5, 10);
    expect(relativeOf(stepRelative(start, start, 1, true), start)).toBeCloseTo(Math.SQRT2, 10);
    // off the grid (x1.1): the next grid value in the step's direction
    const off = 0.11;
    expect(relativeOf(stepRelative(off, start, 1, true), start)).toBeCloseTo(Math.SQRT2, 10);
    expect(relativeOf(stepRelative(off, start, -1, true), start)).toBeCloseTo(1, 10);
    expect(stepRelative(off, start, 0)).toBe(off);
    // the limits hold: no step leaves [1/255, 1]
    expect(stepRelative(0.9, start, 40, true)).toBe(MAX_DEPTH);
    expect(stepRelative(SAMPLE, SAMPLE, -40, true)).toBe(MIN_DEPTH);
    // and from the limit a step back moves onto the grid again
    expect(stepRelative(MAX_DEPTH, start, -1, true)).toBeCloseTo(start * 2 ** 3, 12);
  });

  it('reads like distance and size', () => {
    expect(describeRelative(1)).toBe('same distance');
    expect(describeRelative(2)).toBe('×2 farther');
    expect(describeRelative(0.5)).toBe('×0.5 nearer');
    expect(describeRelative(Math.SQRT2)).toBe('×1.41 farther');
    expect(describeRelative(0.7071)).toBe('×0.71 nearer');
    expect(describeRelative(188.7)).toBe('×189 farther');
    expect(describeSize(0.5)).toBe('50 % size');
    expect(describeSize(0.0053)).toBe('0.5 % size');
  });
});
