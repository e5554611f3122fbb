import { describe, expect, it } from 'vitest';
import { depthColour, displayNearness, nearRange, nearness, rangeWithDepths, TURBO_LUT } from './colormap';

describe('depth colour map', () => {
  it('maps LeviTor depth to nearness on a log scale: 1/255 nearest, 1 farthest', () => {
    expect(nearness(1 / 255)).toBeCloseTo(1, 10);
    expect(nearness(1)).toBe(0);
    expect(nearness(1 / 16)).toBeCloseTo(Math.log(16) / Math.log(255), 10);
    expect(nearness(0)).toBe(1);
  });
  it('stretches colours over the map 1..99th percentile range, absolute without one', () => {
    const map = new Float32Array(1000).fill(0.02);
    map.fill(0.01, 0, 300);
    map.fill(0.04, 700);
    map[0] = 1; // one outlier does not set the range
    const r = nearRange(map);
    expect(r.hi).toBeGreaterThanOrEqual(nearness(0.01));
    expect(r.hi).toBeLessThan(nearness(0.01) + 0.002);
    expect(r.lo).toBeLessThanOrEqual(nearness(0.04));
    expect(r.lo).toBeGreaterThan(nearness(0.04) - 0.002);
    expect(displayNearness(0.01, r)).toBeGreaterThan(0.99);
    expect(displayNearness(0.04, r)).toBeLessThan(0.01);
    expect(displayNearness(0.5, r)).toBe(0);
    expect(displayNearness(0.5, { lo: 0.3, hi: 0.3 })).toBe(nearness(0.5));
    expect(nearRange(map)).toBe(r); // memoised per array
  });
  it('near is warm (red), far is cool (blue)', () => {
    expect(TURBO_LUT).toHaveLength(768);
    const [r0, , b0] = [TURBO_LUT[0]!, TURBO_LUT[1]!, TURBO_LUT[2]!];
    expect(b0).toBeGreaterThan(r0);
    expect(depthColour(1 / 255)).toBe('rgb(122, 4, 3)');
    expect(depthColour(1)).toBe('rgb(48, 18, 59)');
  });

  it('widens the scene range for a path that comes nearer than the scene, so its points differ', () => {
    const scene = { lo: nearness(0.05), hi: nearness(1 / 235) };
    const path = [1 / 235, 0.8 / 235, 0.6 / 235];
    // Against the scene's range alone the three points all clamp to "nearest".
    expect(new Set(path.map((d) => displayNearness(d, scene))).size).toBe(1);
    const wide = rangeWithDepths(scene, path);
    const shown = path.map((d) => displayNearness(d, wide));
    expect(shown[0]).toBeLessThan(shown[1]!);
    expect(shown[1]).toBeLessThan(shown[2]!);
    expect(shown[2]).toBe(1);
    // A path inside the scene's range keeps the range as it is (colours match the overlay).
    expect(rangeWithDepths(scene, [0.01, 0.02])).toBe(scene);
    expect(rangeWithDepths(null, path)).toBeNull();
  });
});
