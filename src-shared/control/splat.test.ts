import { describe, expect, it } from 'vitest';
import { makeSplatPoints, splat, SplatScratch } from './splat';

function square(W: number, x0: number, y0: number, s: number): Int32Array {
  const px: number[] = [];
  for (let y = y0; y < y0 + s; y++) for (let x = x0; x < x0 + s; x++) px.push(y * W + x);
  return Int32Array.from(px);
}
const set = (a: Int32Array): Set<number> => new Set(a);

describe('point splat (section 5)', () => {
  it('an unmoved object at 288x512 covers its mask grown by one pixel up and left', () => {
    const W = 288;
    const H = 512;
    const px = square(W, 100, 200, 5);
    const z0 = new Float64Array(W * H).fill(0.1);
    const cov = set(
      splat(makeSplatPoints(px, z0, W), { dx: 0, dy: 0, dd: 0, id: 1 }, new SplatScratch(W, H)),
    );
    expect(cov.size).toBe(36);
    for (let y = 199; y < 205; y++) for (let x = 99; x < 105; x++) expect(cov.has(y * W + x)).toBe(true);
  });
  it('at 144x256 (radius 0.79 px) id 1 loses its right column and bottom row; id 2 keeps them', () => {
    const W = 144;
    const H = 256;
    const px = square(W, 50, 60, 4);
    const z0 = new Float64Array(W * H).fill(0.1);
    const pts = makeSplatPoints(px, z0, W);
    const sc = new SplatScratch(W, H);
    const one = set(splat(pts, { dx: 0, dy: 0, dd: 0, id: 1 }, sc));
    const two = set(splat(pts, { dx: 0, dy: 0, dd: 0, id: 2 }, sc));
    expect(one.size).toBe(9); // pixels hit by 4 corner points: 3x3
    expect(two.size).toBeGreaterThan(one.size);
  });
  it('moving nearer (dd < 0) scales toward the image centre and widens the radius', () => {
    const W = 288;
    const H = 512;
    const px = square(W, 10, 10, 4);
    const z0 = new Float64Array(W * H).fill(0.2);
    const cov = splat(makeSplatPoints(px, z0, W), { dx: 0, dy: 0, dd: -0.1, id: 3 }, new SplatScratch(W, H));
    // s = 0.2 / 0.1 = 2: pixel (10, 10) lands at u = 144 + (10 - 144) * 2 < 0 -> off-image; (13, 13) -> -124
    expect(cov.length).toBe(0);
  });
});
