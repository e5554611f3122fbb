import { describe, expect, it } from 'vitest';
import { MIN_DEPTH } from './trajectoryActions';
import { MAX_POINT_RADIUS, MIN_POINT_RADIUS, pointRadius, POINT_HIT_RADIUS } from './trajectoryStyle';

describe('point sizes', () => {
  it('keeps far points visible and clickable', () => {
    const range = { lo: 0.2, hi: 0.6 };
    // farther than anything in the range, or the farthest depth: never below the minimum disc
    expect(pointRadius(1, range)).toBe(MIN_POINT_RADIUS);
    expect(pointRadius(1)).toBeGreaterThanOrEqual(6);
    expect(pointRadius(MIN_DEPTH, range)).toBe(MAX_POINT_RADIUS);
    // a press within 10 px of any point's centre picks it, however far the point is
    expect(POINT_HIT_RADIUS).toBeGreaterThanOrEqual(10);
  });
});
