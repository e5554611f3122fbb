import { describe, expect, it } from 'vitest';
import { computeControl } from './computeControl';
import { ControlError } from './errors';
import { KmeansMemo } from './keypoints';
import type { ControlScene } from './types';

const W = 144; // the splat radius is 0.011 * min(W,H)/2 px: below ~100 px unmoved pixels vanish
const H = 256;
function rect(x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const m = new Uint8Array(W * H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * W + x] = 255;
  return m;
}
function scene(over: Partial<ControlScene> = {}): ControlScene {
  const disp = new Float32Array(W * H).map((_, i) => (i % W) / W);
  return {
    width: W,
    height: H,
    frames: 4,
    pointsRatio: 1,
    depth: { kind: 'disparity', data: disp },
    objects: [
      {
        kind: 'moving',
        mask: rect(40, 40, 70, 70),
        trajectory: [
          { x: 50, y: 50, depth: 0.0035 },
          { x: 100, y: 160, depth: 0.003 },
        ],
      },
    ],
    autoMasks: [rect(0, 120, 144, 256), rect(0, 0, 144, 120)],
    ...over,
  };
}
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof ControlError ? e.code : `other: ${String(e)}`;
  }
  return 'no error';
};

describe('computeControl', () => {
  it('produces shaped outputs and keypoints for every frame', () => {
    const r = computeControl(scene());
    expect(r.idMaps.length).toBe(4 * W * H);
    expect(r.control.length).toBe(4 * 3 * W * H);
    expect(r.keypoints.length).toBe(4);
    for (const f of r.keypoints) expect(f.some((k) => k[2] === 1)).toBe(true); // the user object has points
    // the object moved by (+50, +110) (and slightly nearer): frame 3 has id 1 at (95, 155), not at (45, 45)
    expect(r.idMaps[3 * W * H + 155 * W + 95]).toBe(1);
    expect(r.idMaps[3 * W * H + 45 * W + 45]).not.toBe(1);
    expect(r.idMaps[45 * W + 45]).toBe(1);
  });
  it('reusing the output buffers of an earlier run gives the same result', () => {
    const a = computeControl(scene());
    const copy = { ids: a.idMaps.slice(), depth: a.depth.toArray(), control: a.control.slice() };
    const b = computeControl(scene({ frames: 4 }), { reuse: a });
    expect(b.control).toBe(a.control); // same buffer, overwritten
    // element-wise (vitest's deep equality is slow on arrays this long)
    const same = (x: ArrayLike<number>, y: ArrayLike<number>): boolean =>
      x.length === y.length && Array.prototype.every.call(x, (v: number, i: number) => v === y[i]);
    expect(same(b.idMaps, copy.ids)).toBe(true);
    expect(same(b.depth.toArray(), copy.depth)).toBe(true);
    expect(same(b.control, copy.control)).toBe(true);
  });
  it('frames and ratio are parameters', () => {
    const r = computeControl(scene(), { frames: 2, pointsRatio: 2 });
    expect(r.keypoints.length).toBe(2);
    expect(r.keypoints[0]!.filter((k) => k[2] === 1).length).toBe(6); // K = 3 (user object) * 2
  });
  it('refuses invalid input with typed errors', () => {
    const bad = (o: Partial<ControlScene['objects'][number]>): ControlScene =>
      scene({ objects: [{ ...scene().objects[0]!, ...o } as ControlScene['objects'][number]] });
    expect(code(() => computeControl(bad({ trajectory: [{ x: 12, y: 12, depth: 0 }] })))).toBe(
      'bad-user-depth',
    );
    expect(code(() => computeControl(bad({ trajectory: [{ x: 144, y: 12, depth: 0.3 }] })))).toBe(
      'trajectory-outside',
    );
    expect(code(() => computeControl(bad({ mask: new Uint8Array(W * H) })))).toBe('empty-mask');
    expect(code(() => computeControl(bad({ mask: new Uint8Array(10) })))).toBe('size-mismatch');
    expect(
      code(() => computeControl(scene({ depth: { kind: 'disparity', data: new Float32Array(5) } }))),
    ).toBe('size-mismatch');
    // object pixels have Z0 down to 1/255; moving 0.5 nearer makes Z + dd <= 0
    expect(
      code(() =>
        computeControl(
          bad({
            trajectory: [
              { x: 12, y: 12, depth: 0.6 },
              { x: 12, y: 12, depth: 0.1 },
            ],
          }),
        ),
      ),
    ).toBe('depth-nonpositive');
    const tooNear = bad({
      name: 'cup',
      trajectory: [
        { x: 12, y: 12, depth: 0.6 },
        { x: 12, y: 12, depth: 0.1 },
      ],
    });
    expect(() => computeControl(tooNear, { frames: 3 })).toThrow(
      /^"cup" would pass the camera at frame 2: its path brings it 0\.\d+ nearer, more than the depth of its nearest part \(0\.\d+\)\. Move its later points farther, or its first point nearer\.$/,
    );
  });
});

describe('computeControl with a K-means memo kept across calls (live preview)', () => {
  it('gives the same keypoints on repeated and on edited scenes', () => {
    const memo = new KmeansMemo();
    const edited = scene({
      objects: [
        {
          kind: 'moving',
          mask: rect(40, 40, 70, 70),
          trajectory: [
            { x: 50, y: 50, depth: 0.0035 },
            { x: 110, y: 150, depth: 0.003 },
          ],
        },
      ],
    });
    for (const sc of [scene(), scene(), edited, scene()]) {
      const fresh = computeControl(sc, { controlTensor: false });
      const memoised = computeControl(sc, { controlTensor: false, kmeansMemo: memo });
      expect(memoised.keypoints).toEqual(fresh.keypoints);
    }
    expect(memo.entries.size).toBeGreaterThan(0);
  });
});

describe('computeControl without the tensor (live preview)', () => {
  it('gives the same maps and keypoints and an empty tensor', () => {
    const full = computeControl(scene());
    const lite = computeControl(scene(), { controlTensor: false });
    expect(lite.control).toHaveLength(0);
    expect(lite.keypoints).toEqual(full.keypoints);
    // element loops: toEqual on 150k-element typed arrays takes seconds
    const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
      a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);
    expect(same(lite.idMaps, full.idMaps)).toBe(true);
    expect(same(lite.depth.toArray(), full.depth.toArray())).toBe(true);
  });
});
