import { describe, expect, it } from 'vitest';
import { computeControl } from '../../../src-shared/control/computeControl';
import type { ControlScene } from '../../../src-shared/control/types';
import { placeFrame } from '../../../src-shared/image/framing';
import { contour, outlineAt, outlineBase } from './depthOutline';

// A 144 x 256 frame (the splat radius needs ~100 px), framed 1:1 (stretch of an image of the same size).
const W = 144;
const H = 256;
const pl = placeFrame(
  { width: W, height: H },
  { width: W, height: H },
  {
    fit: 'stretch',
    frame: { cx: 0.5, cy: 0.5, scale: 1 },
  },
);

function disc(cx: number, cy: number, r: number): Uint8Array {
  const m = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 < r * r) m[y * W + x] = 1;
  return m;
}

// Background far (0.5); the object's own depth varies across it (0.05 .. 0.08), so s differs per pixel.
const depth = new Float32Array(W * H).fill(0.5);
const object = disc(50, 60, 18);
for (let p = 0; p < W * H; p++) if (object[p]) depth[p] = 0.05 + (0.03 * (p % W)) / W;
const other = disc(110, 200, 12);

/** Even-odd test of pixel centre (x + 0.5, y + 0.5) against line segments (half-open crossing rule). */
function inside(seg: Float32Array, x: number, y: number): boolean {
  const px = x + 0.5;
  const py = y + 0.5;
  let c = false;
  for (let k = 0; k < seg.length; k += 4) {
    const [x0, y0, x1, y1] = [seg[k]!, seg[k + 1]!, seg[k + 2]!, seg[k + 3]!];
    if (y0 > py !== y1 > py && px < x0 + ((py - y0) * (x1 - x0)) / (y1 - y0)) c = !c;
  }
  return c;
}

describe('the outline at a trajectory point', () => {
  it('is the control engine’s own coverage of the object when it reaches the point', () => {
    const start = { x: 50, y: 60, depth: 0.06 };
    const at = { x: 100, y: 150, depth: 0.04 }; // nearer: bigger, pushed away from the centre
    const scene: ControlScene = {
      width: W,
      height: H,
      frames: 2, // frame 1 is exactly the second point
      pointsRatio: 1,
      depth: { kind: 'z0', data: depth },
      objects: [
        { kind: 'moving', mask: object, trajectory: [start, at] },
        { kind: 'static', mask: other },
      ],
      autoMasks: [],
    };
    const r = computeControl(scene, { controlTensor: false });
    const base = outlineBase([object, other], 0, depth, pl)!;
    const o = outlineAt(base, start, at);
    expect(o.tooNear).toBe(false);
    let engine = 0;
    let mismatches = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const id = r.idMaps[W * H + y * W + x] === 1;
        if (id) engine++;
        if (id !== inside(o.segments, x, y)) mismatches++;
      }
    // nothing in front of it here, so the engine's id map of frame 1 is exactly the splat's coverage
    expect(engine).toBe(o.area);
    expect(engine).toBeGreaterThan(1000);
    expect(mismatches).toBe(0);
  });

  it('shrinks toward the frame centre when the point goes farther, grows when it comes nearer', () => {
    const base = outlineBase([object], 0, depth, pl)!;
    const start = { x: 50, y: 60, depth: 0.06 };
    const same = outlineAt(base, start, start);
    const far = outlineAt(base, start, { ...start, depth: 0.12 });
    const near = outlineAt(base, start, { ...start, depth: 0.045 });
    expect(far.area).toBeLessThan(same.area * 0.4);
    expect(near.area).toBeGreaterThan(same.area * 1.5);
    const cx = (s: Float32Array) => {
      let t = 0;
      for (let k = 0; k < s.length; k += 2) t += s[k]!;
      return t / (s.length / 2);
    };
    // the object is left of the centre (72): farther pulls it right (toward it), nearer pushes it left
    expect(cx(far.segments)).toBeGreaterThan(cx(same.segments) + 5);
    expect(cx(near.segments)).toBeLessThan(cx(same.segments) - 3);
  });

  it('says when the engine would refuse the depth (Z + dd <= 0)', () => {
    const base = outlineBase([object], 0, depth, pl)!;
    let nearest = Infinity;
    for (let p = 0; p < W * H; p++) if (object[p]) nearest = Math.min(nearest, depth[p]!);
    expect(base.nearest).toBe(nearest);
    const o = outlineAt(base, { x: 50, y: 60, depth: 0.3 }, { x: 50, y: 60, depth: 0.2 });
    expect(o).toEqual({ segments: new Float32Array(0), area: 0, tooNear: true });
  });

  it('maps frame pixels back to image pixels through the framing (crop of a larger image)', () => {
    const image = { width: 2 * W, height: 4 * H };
    const crop = placeFrame(
      image,
      { width: W, height: H },
      {
        fit: 'crop',
        frame: { cx: 0.5, cy: 0.5, scale: 1 },
      },
    );
    expect(crop.src.w).toBe(2 * W); // 2 image pixels per frame pixel
    const base = outlineBase([object], 0, depth, crop)!;
    const startImg = { x: crop.src.x + 100, y: crop.src.y + 120, depth: 0.06 };
    const o = outlineAt(base, startImg, startImg);
    const xs = Array.from(o.segments.filter((_, k) => k % 2 === 0));
    // the disc spans frame columns 32..68, so image columns src.x + 64 .. src.x + 136
    expect(Math.min(...xs)).toBeGreaterThan(crop.src.x + 55);
    expect(Math.max(...xs)).toBeLessThan(crop.src.x + 145);
  });

  it('outlines a lone pixel as the diamond through its edge midpoints', () => {
    const seg = contour(Int32Array.of(5 * 10 + 3), 10, 10);
    expect(seg.length).toBe(16);
    for (let y = 0; y < 10; y++)
      for (let x = 0; x < 10; x++) expect(inside(seg, x, y)).toBe(x === 3 && y === 5);
  });

  it('leaves no pixel for an object the merge drops', () => {
    expect(outlineBase([new Uint8Array(W * H)], 0, depth, pl)).toBeNull();
  });
});
