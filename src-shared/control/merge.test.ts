import { describe, expect, it } from 'vitest';
import { mergeMasks } from './merge';

const W = 100;
const H = 10; // T = 0.001 * 1000 = 1 pixel
function rect(x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const m = new Uint8Array(W * H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * W + x] = 1;
  return m;
}
const at = (map: Uint8Array, x: number, y: number): number => map[y * W + x] as number;

describe('scene id-map merge (section 4)', () => {
  it('automatic masks are reversed and never take user pixels', () => {
    const user = rect(0, 0, 10, 10);
    const autoA = rect(5, 0, 30, 10); // last returned -> merged first after the user (id 2)
    const autoB = rect(50, 0, 60, 10);
    const { map, ids } = mergeMasks([user], [autoB, autoA], W, H);
    expect(at(map, 7, 5)).toBe(1);
    expect(at(map, 20, 5)).toBe(2);
    expect(at(map, 55, 5)).toBe(3);
    expect(ids).toEqual([1, 2, 3]);
  });
  it('dominance: a larger new mask takes the overlap from a smaller existing id', () => {
    const small = rect(0, 0, 10, 10); // id 2, area 100
    const big = rect(5, 0, 60, 10); // id 3, area 550 > 100: existing id loses the overlap
    const { map } = mergeMasks([], [big, small], W, H); // reversed: small = id 1, big = id 2
    expect(at(map, 7, 5)).toBe(2);
    expect(at(map, 2, 5)).toBe(1);
  });
  it('dominance: a smaller new mask loses the overlap', () => {
    const big = rect(0, 0, 60, 10);
    const small = rect(50, 0, 70, 10);
    const { map } = mergeMasks([], [small, big], W, H);
    expect(at(map, 55, 5)).toBe(1);
    expect(at(map, 65, 5)).toBe(2);
  });
  it('drops segments of T pixels or fewer', () => {
    const { map, ids } = mergeMasks([], [rect(0, 0, 1, 1), rect(10, 0, 12, 1)], W, H);
    expect(at(map, 0, 0)).toBe(0);
    expect(ids).toEqual([1]);
  });
  it('uint8 wrap in parity mode: index 255 vanishes, index 256 merges into id 1, with a warning', () => {
    const masks: Uint8Array[] = [];
    for (let i = 0; i < 257; i++) {
      const m = new Uint8Array(W * H * 3); // T = 3 pixels; each mask has 4
      m.fill(1, i * 4, i * 4 + 4);
      masks.push(m);
    }
    const r = mergeMasks([], masks.reverse(), W, H * 3);
    expect(r.map[255 * 4]).toBe(0);
    expect(r.map[256 * 4]).toBe(1);
    expect(r.map[0]).toBe(1);
    expect(r.warnings[0]).toMatch(/257 segments/);
  });
});
