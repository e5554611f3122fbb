import { describe, expect, it } from 'vitest';
import { runMotion, type Mover } from './motion';
import { makeSplatPoints, splat, SplatScratch } from './splat';

const W = 240; // splat radius 0.011 * min(W, H) / 2 = 1.1 px: unmoved pixels stay covered
const H = 200;
const F = 5;

function track(x0: number, y0: number, d0: number, x1: number, y1: number, d1: number): Mover['track'] {
  const lin = (a: number, b: number) =>
    Float64Array.from({ length: F }, (_, i) => a + ((b - a) * i) / (F - 1));
  return { x: lin(x0, x1), y: lin(y0, y1), d: lin(d0, d1) };
}

/**
 * Two moving squares crossing each other over a static segment whose depth lies between theirs at
 * some frames: Z_i written out by the section-5 definition (scene depth, lowered by every covering
 * splat that is nearer), to check the depths the id maps imply.
 */
describe('per-frame motion depths (section 5)', () => {
  const merged = new Uint8Array(W * H);
  const z0 = new Float64Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const p = y * W + x;
      z0[p] = 0.02 + (x / W) * 0.05; // nearer on the left
      if (x >= 90 && x < 165 && y >= 50 && y < 150) merged[p] = 3; // static segment
      if (x >= 30 && x < 60 && y >= 30 && y < 60) merged[p] = 1;
      if (x >= 180 && x < 210 && y >= 115 && y < 150) merged[p] = 2;
    }
  const movers: Mover[] = [
    { id: 1, track: track(45, 45, 0.03, 128, 100, 0.06) }, // recedes behind the static segment
    { id: 2, track: track(195, 130, 0.06, 75, 80, 0.025) }, // comes nearer, crossing mover 1
  ];

  it('FrameDepths equals the direct definition at every pixel of every frame', () => {
    const { idMaps, depth } = runMotion(merged, z0, movers, W, H, F);
    const n = W * H;
    const sc = new SplatScratch(W, H);
    const expected = new Float32Array(F * n);
    const pts = movers.map((m) => {
      const px: number[] = [];
      for (let p = 0; p < n; p++) if (merged[p] === m.id) px.push(p);
      return makeSplatPoints(Int32Array.from(px), z0, W);
    });
    for (let i = 0; i < F; i++) {
      const zs = Float64Array.from(merged, (v, p) => (v === 0 || v === 1 || v === 2 ? 1 : (z0[p] as number)));
      movers.forEach((m, j) => {
        const t = m.track;
        const di = t.d[i] as number;
        const move = {
          dx: (t.x[i] as number) - (t.x[0] as number),
          dy: (t.y[i] as number) - (t.y[0] as number),
          dd: di - (t.d[0] as number),
          id: m.id,
        };
        for (const p of splat(pts[j]!, move, sc)) if ((zs[p] as number) > di) zs[p] = di;
      });
      expected.set(zs, i * n);
    }
    const got = depth.toArray();
    let diff = 0;
    for (let k = 0; k < got.length; k++) if (got[k] !== expected[k]) diff++;
    expect(diff).toBe(0);
    for (const k of [0, 5 * W + 7, 3 * n + 50 * W + 80, 4 * n + n - 1]) {
      const i = Math.floor(k / n);
      expect(depth.at(i, k - i * n)).toBe(expected[k]);
    }
    // the scenario does what it says: both movers show, mover 2 comes nearer than the static segment,
    // and at the end the segment hides mover 1 completely
    const count = (i: number, id: number) =>
      idMaps.subarray(i * n, (i + 1) * n).filter((v) => v === id).length;
    expect(count(2, 1)).toBeGreaterThan(0);
    expect(count(2, 2)).toBeGreaterThan(0);
    expect(Math.min(...Array.from({ length: F }, (_, i) => count(i, 3)))).toBeLessThan(count(0, 3));
    expect(count(F - 1, 1)).toBe(0);
  });

  it('gives the same maps when its working buffers come from an earlier call on another scene', () => {
    const first = runMotion(merged, z0, movers, W, H, F);
    const ids = first.idMaps.slice();
    const depth = first.depth.toArray();
    // another scene of the same size in between: one object, moving elsewhere
    const other = new Uint8Array(W * H).map((_, p) => (p % W < 120 ? 4 : 0));
    runMotion(other, z0, [{ id: 4, track: track(60, 100, 0.05, 200, 20, 0.02) }], W, H, F);
    const again = runMotion(merged, z0, movers, W, H, F);
    expect(again.idMaps.every((v, k) => v === ids[k])).toBe(true);
    expect(again.depth.toArray().every((v, k) => v === depth[k])).toBe(true);
  });
});
