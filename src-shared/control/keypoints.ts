/**
 * Section 6: control points by K-means, per frame and per id, with the reference's K rule, every-10th
 * candidates, even-sample seeding, stored centres and numpy's element-wise membership test.
 */
import { kmeansLloyd } from './kmeans';

/** [row, col, id, depth] */
export type Keypoint = [number, number, number, number];

/** Python's round() on a float: half to even. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export interface KeypointInput {
  idMaps: Uint8Array; // [F,H,W]
  depthMaps: Float32Array; // [F,H,W]
  width: number;
  height: number;
  frames: number;
  /** ids 1..userCount count as user objects in the K rule */
  userCount: number;
  ratio: number;
}

function evenSamples(cand: Float32Array, k: number): Float32Array {
  const L = Math.floor(cand.length / 2 / k);
  const out = new Float32Array(2 * k);
  for (let s = 0; s < k; s++) {
    const i = (L >> 1) + s * L;
    out[2 * s] = cand[2 * i] as number;
    out[2 * s + 1] = cand[2 * i + 1] as number;
  }
  return out;
}

/** numpy `point in array` on an (n,2) array: true if any row equals r OR any col equals c. */
function present(cand: Float32Array, r: number, c: number): boolean {
  for (let i = 0; i < cand.length; i += 2) if (cand[i] === r || cand[i + 1] === c) return true;
  return false;
}

export function computeKeypoints(inp: KeypointInput): Keypoint[][] {
  const { idMaps, depthMaps, width: W, height: H, frames: F } = inp;
  const n = W * H;
  const area = new Float64Array(F * 256);
  for (let i = 0; i < F; i++)
    for (let p = i * n; p < (i + 1) * n; p++) {
      const a = i * 256 + (idMaps[p] as number);
      area[a] = (area[a] as number) + 1;
    }
  const kOf = new Int32Array(256);
  for (let m = 1; m < 256; m++) {
    let aMax = 0;
    let aMin = Infinity;
    for (let i = 0; i < F; i++) {
      const a = area[i * 256 + m] as number;
      aMax = Math.max(aMax, a);
      aMin = Math.min(aMin, a);
    }
    if (aMax === 0) continue;
    let k = Math.min(Math.max(roundHalfEven((aMax * 50) / (H * W)), 1), 8);
    if (m <= inp.userCount || aMin === 0 || aMax / aMin > 10) k = Math.max(k, 3);
    kOf[m] = k;
  }
  const stored = new Map<number, Float32Array>();
  const out: Keypoint[][] = [];
  for (let i = 0; i < F; i++) {
    const frame: Keypoint[] = [];
    const base = i * n;
    for (let m = 1; m < 256; m++) {
      const k = kOf[m] as number;
      const a = area[i * 256 + m] as number;
      if (k === 0 || a === 0) continue;
      // candidates: every 10th pixel of id m in raster order, as float32 (row, col)
      const nc = Math.ceil(a / 10);
      if (nc < k) continue;
      const cand = new Float32Array(2 * nc);
      let seen = 0;
      let w = 0;
      for (let p = 0; p < n; p++) {
        if (idMaps[base + p] !== m) continue;
        if (seen % 10 === 0) {
          cand[w++] = Math.floor(p / W);
          cand[w++] = p % W;
        }
        seen++;
      }
      const kk = Math.min(Math.max(1, Math.trunc(k * inp.ratio)), nc);
      let init = stored.get(m);
      if (init === undefined) {
        init = kmeansLloyd(cand, evenSamples(cand, kk));
        stored.set(m, init);
      } else {
        let ok = init.length === 2 * kk;
        for (let s = 0; ok && s < init.length; s += 2)
          ok = present(cand, init[s] as number, init[s + 1] as number);
        if (!ok) {
          init = evenSamples(cand, kk);
          stored.set(m, init);
        }
      }
      const centres = kmeansLloyd(cand, init);
      for (let s = 0; s < kk; s++) {
        const r = Math.trunc(centres[2 * s] as number);
        const c = Math.trunc(centres[2 * s + 1] as number);
        let depth = roundHalfEven(1 / (depthMaps[base + r * W + c] as number));
        if (depth === 1) depth = 0;
        frame.push([r, c, m, depth]);
      }
    }
    out.push(frame);
  }
  return out;
}
