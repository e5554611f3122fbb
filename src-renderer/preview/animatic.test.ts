import { describe, expect, it } from 'vitest';
import { moverTransform, renderAnimatic, HOLE_KEEP, type MoverTrack } from './animatic';

const track = (id: number, x: number[], y: number[], d: number[]): MoverTrack => ({
  id,
  x: Float64Array.from(x),
  y: Float64Array.from(y),
  d: Float64Array.from(d),
});

describe('moverTransform', () => {
  it('is the identity at frame 0 and a pure translation without a depth change', () => {
    const t = track(1, [10, 30], [5, 45], [0.5, 0.5]);
    expect(moverTransform(t, 0, 0.5, 100, 80)).toEqual({ s: 1, tx: 0, ty: 0 });
    expect(moverTransform(t, 1, 0.5, 100, 80)).toEqual({ s: 1, tx: 20, ty: 40 });
  });

  it('projects about the image centre with s = Z / (Z + dd), as the splat does', () => {
    // moving nearer by 0.25 at Z = 0.5: s = 2; a point at the centre stays, others double their offset
    const t = track(1, [50, 50], [40, 40], [0.5, 0.25]);
    const tr = moverTransform(t, 1, 0.5, 100, 80);
    expect(tr.s).toBe(2);
    expect(tr.s * 50 + tr.tx).toBe(50);
    expect(tr.s * 60 + tr.tx).toBe(70);
    expect(tr.s * 30 + tr.ty).toBe(20);
    // farther: s < 1
    expect(moverTransform(track(1, [0, 0], [0, 0], [0.5, 1]), 1, 0.5, 100, 80).s).toBeCloseTo(1 / 2, 12);
  });
});

// 8x4 image: a red 2x2 object (id 1) at columns 1-2, rows 1-2; a blue static wall (id 2) at column 6.
function scene(wallDepth: number) {
  const W = 8;
  const H = 4;
  const rgba = new Uint8ClampedArray(W * H * 4);
  const merged = new Uint8Array(W * H);
  const z0 = new Float64Array(W * H).fill(0.9);
  for (let p = 0; p < W * H; p++) rgba.set([100, 100, 100, 255], 4 * p);
  for (const [x, y] of [
    [1, 1],
    [2, 1],
    [1, 2],
    [2, 2],
  ] as const) {
    rgba.set([250, 0, 0, 255], 4 * (y * W + x));
    merged[y * W + x] = 1;
    z0[y * W + x] = 0.5;
  }
  for (let y = 0; y < H; y++) {
    rgba.set([0, 0, 250, 255], 4 * (y * W + 6));
    merged[y * W + 6] = 2;
    z0[y * W + 6] = wallDepth;
  }
  return { W, H, rgba, merged, z0 };
}

const px = (frames: Uint8ClampedArray, f: number, x: number, y: number, W = 8, H = 4) =>
  Array.from(frames.subarray(4 * (f * W * H + y * W + x), 4 * (f * W * H + y * W + x) + 3));

/** Two frames of the 8x4 scene with one mover (id 1). */
function input(wallDepth: number, mover: MoverTrack) {
  const { W, H, rgba, merged, z0 } = scene(wallDepth);
  return { width: W, height: H, frames: 2, rgba, merged, z0, movers: [mover] };
}

describe('renderAnimatic', () => {
  it('carries the object along its trajectory over a dimmed hole, behind nearer scene parts', () => {
    // wall nearer than the object (0.5)
    const frames = renderAnimatic(input(0.3, track(1, [1, 5], [1, 1], [0.5, 0.5])));
    // frame 0: unchanged image where the object is
    expect(px(frames, 0, 1, 1)).toEqual([250, 0, 0]);
    expect(px(frames, 0, 4, 1)).toEqual([100, 100, 100]);
    // frame 1: moved 4 px right: column 5 shows it, column 6 (the nearer wall) hides it
    expect(px(frames, 1, 5, 1)).toEqual([250, 0, 0]);
    expect(px(frames, 1, 6, 2)).toEqual([0, 0, 250]);
    // the original area is the hole, dimmed
    expect(px(frames, 1, 1, 1)).toEqual([Math.round(250 * HOLE_KEEP), 0, 0]);
  });

  it('overwrites every byte of a reused frames array', () => {
    const inp = input(0.3, track(1, [1, 5], [1, 1], [0.5, 0.5]));
    const fresh = renderAnimatic(inp);
    const garbage = new Uint8ClampedArray(fresh.length).fill(77);
    const again = renderAnimatic(inp, garbage);
    expect(again).toBe(garbage);
    expect(Array.from(again)).toEqual(Array.from(fresh));
  });

  it('passes in front of a farther wall', () => {
    const frames = renderAnimatic(input(0.8, track(1, [1, 5], [1, 1], [0.5, 0.5])));
    expect(px(frames, 1, 6, 2)).toEqual([250, 0, 0]);
  });

  it('grows an object that comes nearer (about the image centre)', () => {
    const frames = renderAnimatic(input(0.9, track(1, [2, 2], [2, 2], [0.5, 0.25]))); // s = 2 about (4, 2)
    // source columns 1..2 (edges 1..3) -> edges -2..2 => columns 0..1; rows 1..2 -> edges 0..4
    const red = [250, 0, 0];
    expect(px(frames, 1, 0, 0)).toEqual(red);
    expect(px(frames, 1, 1, 3)).toEqual(red);
    expect(px(frames, 1, 2, 1)).not.toEqual(red);
  });
});
