/* eslint-disable no-loss-of-precision -- float32 centres as Python prints them (shortest repr of the double) */
import { describe, expect, it } from 'vitest';
import { kmeansLloyd } from './kmeans';
import { argpartition } from './npSelect';

// Expected values: scikit-learn 1.5.0 KMeans(init=array, n_init=1), single thread, float32 (tools/.venv-reference).
const CASES: { n: number; k: number; seed: number; init?: number[]; centres: number[] }[] = [
  {
    n: 50,
    k: 3,
    seed: 1,
    centres: [
      20.411754608154297, 27.235294342041016, 57.20000076293945, 19.099998474121094, 78.82608032226562,
      36.56521987915039,
    ],
  },
  {
    n: 200,
    k: 5,
    seed: 2,
    centres: [
      17.428560256958008, 47.91429138183594, 19.745441436767578, 15.41818904876709, 51.0, 40.32432556152344,
      66.84210205078125, 11.131586074829102, 79.42855834960938, 42.714290618896484,
    ],
  },
  {
    n: 400,
    k: 8,
    seed: 3,
    centres: [
      15.85715103149414, 49.306129455566406, 21.315797805786133, 29.24561309814453, 15.999994277954102,
      8.750005722045898, 47.507938385009766, 44.93651580810547, 47.593753814697266, 14.031256675720215,
      78.65454864501953, 10.254552841186523, 83.3777847290039, 28.933332443237305, 79.06450653076172,
      49.32258605957031,
    ],
  },
  {
    n: 120,
    k: 6,
    seed: 4,
    centres: [
      11.277786254882812, 27.77777862548828, 20.75000762939453, 7.5625, 34.04167175292969, 48.5,
      51.380950927734375, 15.523809432983398, 69.87500762939453, 43.29166793823242, 85.29412841796875,
      15.882352828979492,
    ],
  },
  // K = 1 takes the one-pass shortcut
  { n: 333, k: 1, seed: 5, centres: [47.20716857910156, 28.807809829711914] },
  { n: 1200, k: 1, seed: 6, centres: [47.75223159790039, 30.12583351135254] },
  {
    n: 80,
    k: 3,
    seed: 9,
    init: [0.0, 0.0, 500.0, 500.0, 50.0, 30.0],
    centres: [
      25.54166030883789, 14.125, 26.699993133544922, 42.80000305175781, 75.1111068725586, 24.44444465637207,
    ],
  },
];

/** Points from a 31-bit LCG, sorted (raster order like the engine's candidates). */
function gen(n: number, seed: number): Float32Array {
  let s = seed;
  const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff);
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) pts.push([next() % 97, next() % 61]);
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return Float32Array.from(pts.flat());
}

describe('kmeansLloyd (scikit-learn 1.5 Lloyd in float32)', () => {
  for (const c of CASES) {
    it(`n=${c.n} k=${c.k} seed=${c.seed}${c.init ? ' (empty cluster relocated)' : ''}`, () => {
      const X = gen(c.n, c.seed);
      const L = Math.floor(c.n / c.k);
      const init = c.init
        ? Float32Array.from(c.init)
        : Float32Array.from(
            Array.from({ length: c.k }, (_, s) => [
              X[2 * ((L >> 1) + s * L)]!,
              X[2 * ((L >> 1) + s * L) + 1]!,
            ]).flat(),
          );
      expect(Array.from(kmeansLloyd(X, init))).toEqual(c.centres);
    });
  }
});

describe('argpartition (numpy 1.26 introselect)', () => {
  it('matches numpy on ties and on kth = n-1 (last maximum)', () => {
    expect(Array.from(argpartition([1, 5, 3, 5, 2], -1))).toEqual([0, 1, 2, 4, 3]);
    expect(Array.from(argpartition([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5], -3))).toEqual([
      8, 0, 2, 3, 9, 1, 6, 10, 4, 7, 5,
    ]);
    expect(Array.from(argpartition([2, 2, 2, 2, 2, 2, 2], -2))).toEqual([4, 3, 5, 0, 2, 1, 6]);
    expect(Array.from(argpartition([0.5, 0.1, 0.7], -1))).toEqual([1, 0, 2]);
  });
});
