/**
 * Section 6: control points by K-means, per frame and per id, with the reference's K rule, every-10th
 * candidates, even-sample seeding, stored centres and numpy's element-wise membership test.
 */
import { kmeansLloyd } from './kmeans';
import type { FrameDepths } from './motion';

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
  depth: FrameDepths;
  width: number;
  height: number;
  frames: number;
  /** ids 1..userCount count as user objects in the K rule */
  userCount: number;
  ratio: number;
  /**
   * K-means results remembered across calls (the live preview recomputes after every edit, and segments
   * the edit did not touch give the same candidates and seeds again). Omit for a fresh memo per call.
   */
  memo?: KmeansMemo;
}

/** Recent K-means calls per id: (candidates, seeds) -> centres. K-means is deterministic, so reusing is exact. */
export class KmeansMemo {
  readonly entries = new Map<number, MemoEntry[]>();
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

interface MemoEntry {
  cand: Float32Array;
  init: Float32Array;
  centres: Float32Array;
}

function sameArray(a: Float32Array, b: Float32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function computeKeypoints(inp: KeypointInput): Keypoint[][] {
  const { idMaps, depth: Z, width: W, height: H, frames: F } = inp;
  const n = W * H;
  // One pass per frame over runs of one id (rows of a segment are long runs): the areas, and the runs
  // themselves (start, length, id in raster order), from which the candidates of the ids that get points
  // are read below without visiting the other pixels again.
  const area = new Int32Array(F * 256);
  const runs = scanRuns(idMaps, n, F, area);
  const kOf = kRule(area, F, H * W, inp.userCount);
  const stored = new Map<number, Float32Array>();
  const kmeans = memoisedKmeans(inp.memo ?? new KmeansMemo());
  const out: Keypoint[][] = [];
  // this frame's and the previous frame's runs grouped by id: an id whose runs did not change (a static
  // segment no object moved over) keeps the previous frame's candidate array, the very same object
  let start = new Int32Array(257);
  let grouped = new Int32Array(0);
  let prevStart = new Int32Array(257);
  let prevGrouped = new Int32Array(0);
  const prevCand: (Float32Array | undefined)[] = [];
  for (let i = 0; i < F; i++) {
    const frame: Keypoint[] = [];
    [start, prevStart, grouped, prevGrouped] = [prevStart, start, prevGrouped, grouped];
    grouped = groupRuns(runs, i, start, grouped);
    for (let m = 1; m < 256; m++) {
      const k = kOf[m] as number;
      const a = area[i * 256 + m] as number;
      if (k === 0 || a === 0) continue;
      const nc = Math.ceil(a / 10);
      if (nc < k) continue;
      const before = prevCand[m];
      const cand =
        before !== undefined && i > 0 && sameRuns(runs, grouped, start, m, prevGrouped, prevStart)
          ? before
          : candidates(runs, grouped, start, m, nc, W);
      prevCand[m] = cand;
      const kk = Math.min(Math.max(1, Math.trunc(k * inp.ratio)), nc);
      const centres = kmeans(m, cand, seeds(stored, m, cand, kk, kmeans));
      for (let s = 0; s < kk; s++) {
        const r = Math.trunc(centres[2 * s] as number);
        const c = Math.trunc(centres[2 * s + 1] as number);
        let depth = roundHalfEven(1 / Z.at(i, r * W + c));
        if (depth === 1) depth = 0;
        frame.push([r, c, m, depth]);
      }
    }
    out.push(frame);
  }
  return out;
}

/** The reference's K per id: from its largest area over the frames, >= 3 for user objects and unsteady ids. */
function kRule(area: Int32Array, F: number, pixels: number, userCount: number): Int32Array {
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
    let k = Math.min(Math.max(roundHalfEven((aMax * 50) / pixels), 1), 8);
    if (m <= userCount || aMin === 0 || aMax / aMin > 10) k = Math.max(k, 3);
    kOf[m] = k;
  }
  return kOf;
}

type Kmeans = (m: number, cand: Float32Array, init: Float32Array) => Float32Array;

/**
 * K-means through the memo. Static segments usually keep the same candidates from frame to frame, and frame 1
 * re-seeds with the same even samples as frame 0: K-means is deterministic, so the same (candidates, seeds)
 * give the same centres. A few recent calls per id are remembered.
 */
function memoisedKmeans(memo: KmeansMemo): Kmeans {
  return (m, cand, init) => {
    let list = memo.entries.get(m);
    if (!list) memo.entries.set(m, (list = []));
    for (const e of list) if (sameArray(e.init, init) && sameArray(e.cand, cand)) return e.centres;
    const centres = kmeansLloyd(cand, init);
    list.unshift({ cand, init: init.slice(), centres });
    if (list.length > 3) list.pop();
    return centres;
  };
}

/**
 * The seeds of id m's K-means this frame: the centres stored at its first frame (K-means from even samples),
 * kept while numpy's membership test finds them in the candidates, else even samples (stored in turn).
 */
function seeds(
  stored: Map<number, Float32Array>,
  m: number,
  cand: Float32Array,
  kk: number,
  kmeans: Kmeans,
): Float32Array {
  let init = stored.get(m);
  if (init === undefined) {
    init = kmeans(m, cand, evenSamples(cand, kk));
    stored.set(m, init);
    return init;
  }
  let ok = init.length === 2 * kk;
  for (let s = 0; ok && s < init.length; s += 2) ok = present(cand, init[s] as number, init[s + 1] as number);
  if (!ok) {
    init = evenSamples(cand, kk);
    stored.set(m, init);
  }
  return init;
}

/**
 * Groups frame i's runs by id into `grouped` (run indices; counting sort keeps raster order within an id):
 * id m's runs are grouped[start[m] .. start[m + 1]). Returns `grouped`, or a larger array when it was short.
 */
function groupRuns(
  runs: Runs,
  i: number,
  start: Int32Array,
  grouped: Int32Array<ArrayBuffer>,
): Int32Array<ArrayBuffer> {
  const r0 = runs.frameStart[i] as number;
  const r1 = runs.frameStart[i + 1] as number;
  start.fill(0);
  for (let q = r0; q < r1; q++) {
    const m = runs.id[q] as number;
    start[m + 1] = (start[m + 1] as number) + 1;
  }
  for (let m = 0; m < 256; m++) start[m + 1] = (start[m + 1] as number) + (start[m] as number);
  const at = start.slice(0, 256);
  const out = grouped.length < r1 - r0 ? new Int32Array(r1 - r0) : grouped;
  for (let q = r0; q < r1; q++) {
    const m = runs.id[q] as number;
    out[at[m] as number] = q;
    at[m] = (at[m] as number) + 1;
  }
  return out;
}

interface Runs {
  /** runs of frame i are [frameStart[i], frameStart[i + 1]) */
  frameStart: Int32Array;
  start: Int32Array;
  len: Int32Array;
  id: Uint8Array;
}

/** Runs of equal ids in every frame (raster order), adding each run's length to area[frame * 256 + id]. */
function scanRuns(idMaps: Uint8Array, n: number, F: number, area: Int32Array): Runs {
  let cap = 1 << 14;
  let start = new Int32Array(cap);
  let len = new Int32Array(cap);
  let id = new Uint8Array(cap);
  const frameStart = new Int32Array(F + 1);
  let w = 0;
  for (let i = 0; i < F; i++) {
    frameStart[i] = w;
    const frame = idMaps.subarray(i * n, i * n + n);
    // 4 pixels per compare inside long runs (only when the frame starts on a 4-byte boundary)
    const words = frame.byteOffset % 4 === 0 ? new Uint32Array(frame.buffer, frame.byteOffset, n >> 2) : null;
    const base = i * 256;
    for (let p = 0; p < n;) {
      const m = frame[p] as number;
      let q = p + 1;
      if (words !== null) {
        const pattern = m * 0x01010101;
        while (q < n && (q & 3) !== 0 && frame[q] === m) q++;
        if ((q & 3) === 0) {
          let wq = q >> 2;
          while (wq < words.length && words[wq] === pattern) wq++;
          q = wq << 2;
        }
      }
      while (q < n && frame[q] === m) q++;
      if (w === cap) {
        cap *= 2;
        const s2 = new Int32Array(cap);
        const l2 = new Int32Array(cap);
        const i2 = new Uint8Array(cap);
        s2.set(start);
        l2.set(len);
        i2.set(id);
        [start, len, id] = [s2, l2, i2];
      }
      start[w] = p;
      len[w] = q - p;
      id[w++] = m;
      area[base + m] = (area[base + m] as number) + (q - p);
      p = q;
    }
  }
  frameStart[F] = w;
  return { frameStart, start, len, id };
}

/**
 * Candidates of id m: every 10th pixel of the id in raster order, as float32 (row, col). Within a run of
 * length L the picks are at p + skip, p + skip + 10, ... and skip carries on as (skip - L) mod 10.
 */
function candidates(
  runs: Runs,
  grouped: Int32Array,
  start: Int32Array,
  m: number,
  nc: number,
  W: number,
): Float32Array {
  const cand = new Float32Array(2 * nc);
  let w = 0;
  let skip = 0;
  for (let g = start[m] as number; g < (start[m + 1] as number); g++) {
    const q = grouped[g] as number;
    const p = runs.start[q] as number;
    const L = runs.len[q] as number;
    for (let t = p + skip; t < p + L; t += 10) {
      const row = Math.floor(t / W);
      cand[w++] = row;
      cand[w++] = t - row * W;
    }
    skip = (skip - L) % 10;
    if (skip < 0) skip += 10;
  }
  return cand;
}

/** Whether id m has the same runs (starts and lengths) in two frames' groupings. */
function sameRuns(
  runs: Runs,
  grouped: Int32Array,
  start: Int32Array,
  m: number,
  prevGrouped: Int32Array,
  prevStart: Int32Array,
): boolean {
  const g0 = start[m] as number;
  const count = (start[m + 1] as number) - g0;
  const h0 = prevStart[m] as number;
  if ((prevStart[m + 1] as number) - h0 !== count) return false;
  for (let g = 0; g < count; g++) {
    const a = grouped[g0 + g] as number;
    const b = prevGrouped[h0 + g] as number;
    if (runs.start[a] !== runs.start[b] || runs.len[a] !== runs.len[b]) return false;
  }
  return true;
}
