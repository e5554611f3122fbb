/**
 * Section 5: per-frame move + splat + occlusion + fill, with the id map carried over between frames.
 * Outputs the id maps M_i (uint8 [F,H,W]) and the depth maps Z_i (float32 [F,H,W]) in a derived form:
 * a pixel holds a moving id in M_i exactly when a splat of that object won the occlusion test there in
 * frame i, and then Z_i is that object's depth d_i; everywhere else Z_i is the frame-0 scene depth. So
 * Z_i needs no 9 MB array per call: `FrameDepths.at` reads it from M_i, `toArray` writes it out.
 */
import { makeSplatPoints, splat, SplatScratch, type SplatMove, type SplatPoints } from './splat';

export interface Track {
  /** interpolated x, y, depth per frame (float64 [F]) */
  x: Float64Array;
  y: Float64Array;
  d: Float64Array;
}

export interface Mover {
  id: number;
  track: Track;
}

/** Z_i of every frame, read through the id maps (see the header). */
export class FrameDepths {
  constructor(
    private readonly idMaps: Uint8Array,
    /** float32 scene depth of frame 0's static scene (the fill region at 1.0) [H*W] */
    private readonly base: Float32Array,
    /** float32 d_i of moving id m at [i * 256 + m]; NaN for ids that do not move */
    private readonly moverDepth: Float32Array,
    readonly frames: number,
  ) {}

  /** Depths of `frames` frames of these id maps: the static scene's zInit and each mover's track depth. */
  static of(idMaps: Uint8Array, zInit: Float64Array, movers: readonly Mover[], frames: number): FrameDepths {
    const moverDepth = new Float32Array(frames * 256).fill(NaN);
    for (let i = 0; i < frames; i++)
      for (const m of movers) moverDepth[i * 256 + m.id] = m.track.d[i] as number;
    // typed-array copy (rounds to float32), not the iterator path
    return new FrameDepths(idMaps, new Float32Array(zInit), moverDepth, frames);
  }

  /** Z_i at pixel p (row * width + col) of frame i. */
  at(i: number, p: number): number {
    const n = this.base.length;
    const d = this.moverDepth[i * 256 + (this.idMaps[i * n + p] as number)] as number;
    return d === d ? d : (this.base[p] as number);
  }

  /** All frames as float32 [F,H,W]. */
  toArray(): Float32Array {
    const n = this.base.length;
    const out = new Float32Array(this.frames * n);
    for (let i = 0; i < this.frames; i++) {
      out.set(this.base, i * n);
      for (let p = 0; p < n; p++) {
        const d = this.moverDepth[i * 256 + (this.idMaps[i * n + p] as number)] as number;
        if (d === d) out[i * n + p] = d;
      }
    }
    return out;
  }
}

export interface MotionResult {
  idMaps: Uint8Array; // [F,H,W]
  depth: FrameDepths;
}

/** Most frequent value (smallest on ties) of the short column left of the object's top-left pixel. */
export function fillIdFor(staticMap: Uint8Array, width: number, x0: number, y0: number): number | null {
  if (y0 === 0) return null; // empty window: the reference writes int32-min there; we fill nothing
  const col = Math.max(x0 - 5, 0);
  const counts = new Map<number, number>();
  for (let r = Math.max(y0 - 5, 0); r < y0; r++) {
    const v = staticMap[r * width + col] as number;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best = -1;
  let bestN = -1;
  for (const [v, n] of counts) if (n > bestN || (n === bestN && v < best)) [best, bestN] = [v, n];
  return best;
}

/** Working buffers of runMotion that do not leave it; every element is written before it is read. */
interface MotionScratch {
  staticMap: Uint8Array;
  zInit: Float64Array;
  region: Int32Array;
  map: Uint8Array;
  resetZero: Int32Array;
  /** clean between calls: splat() resets every pixel it touched */
  sc: SplatScratch;
}

// The last image size's buffers, kept for the next call (the live preview recomputes after every edit:
// ~6 MB less to allocate, zero and collect per call). A call takes them and gives them back when it
// finishes, so a call that throws midway leaves nothing half-used behind.
let scratch: MotionScratch | null = null;

function takeScratch(width: number, height: number): MotionScratch {
  const s = scratch;
  scratch = null;
  if (s?.sc.width === width && s.sc.height === height) return s;
  const n = width * height;
  return {
    staticMap: new Uint8Array(n),
    zInit: new Float64Array(n),
    region: new Int32Array(n),
    map: new Uint8Array(n),
    resetZero: new Int32Array(n),
    sc: new SplatScratch(width, height),
  };
}

/**
 * The frame-0 static scene into the scratch buffers: the static map (moving ids zeroed), the initial scene
 * depth (fill region -> 1.0, farthest) and the fill region (unlabelled and moving pixels, raster order);
 * returns the region's length and every moving object's pixels (raster order).
 */
function staticScene(
  merged: Uint8Array,
  z0: Float64Array,
  slot: Int16Array,
  moverCount: number,
  { staticMap, zInit, region }: MotionScratch,
): { nRegion: number; pixelsOf: Int32Array[] } {
  let nRegion = 0;
  const sizes = new Int32Array(moverCount);
  for (let p = 0; p < merged.length; p++) {
    const v = merged[p] as number;
    const j = slot[v] as number;
    if (v === 0 || j >= 0) {
      staticMap[p] = 0;
      zInit[p] = 1.0;
      region[nRegion++] = p;
      if (j >= 0) sizes[j] = (sizes[j] as number) + 1;
    } else {
      staticMap[p] = v;
      zInit[p] = z0[p] as number;
    }
  }
  const pixelsOf = Array.from(sizes, (size) => new Int32Array(size));
  sizes.fill(0);
  for (let q = 0; q < nRegion; q++) {
    const p = region[q] as number;
    const j = slot[merged[p] as number] as number;
    if (j >= 0) {
      (pixelsOf[j] as Int32Array)[sizes[j] as number] = p;
      sizes[j] = (sizes[j] as number) + 1;
    }
  }
  return { nRegion, pixelsOf };
}

export function runMotion(
  merged: Uint8Array,
  z0: Float64Array,
  movers: readonly Mover[],
  width: number,
  height: number,
  frames: number,
  reuse: { idMaps?: Uint8Array } = {},
): MotionResult {
  const n = width * height;
  const slot = new Int16Array(256).fill(-1); // mover index of a moving id, -1 for the others
  movers.forEach((m, j) => (slot[m.id] = j));
  const work = takeScratch(width, height);
  const { staticMap, zInit, region, map, resetZero, sc } = work;
  const { nRegion, pixelsOf } = staticScene(merged, z0, slot, movers.length, work);
  const pts: SplatPoints[] = pixelsOf.map((px) => makeSplatPoints(px, z0, width));
  const fills = pixelsOf.map((px) => {
    if (px.length === 0) return null;
    const p0 = px[0] as number;
    return fillIdFor(staticMap, width, p0 % width, Math.floor(p0 / width));
  });

  // every element is written below, so a reused buffer needs no clearing
  const idMaps = reuse.idMaps?.length === frames * n ? reuse.idMaps : new Uint8Array(frames * n);
  const depth = FrameDepths.of(idMaps, zInit, movers, frames);
  map.set(staticMap);
  const covered: Int32Array[] = [];
  // The scene depth of a pixel within a frame: d_i of the moving id the pixel holds (only a splat of
  // this frame puts a moving id there), else zInit. dNow[id] = d_i (float64) of the movers drawn so far.
  const dNow = new Float64Array(256);
  // Region pixels that may be 0 (only they can take a fill): the whole region at first, then the pixels
  // the carry-over resets to their static id 0. A non-zero fill leaves no zero in the region.
  let maybeZero: Int32Array = region.subarray(0, nRegion);
  const anyFill = fills.some((f) => f !== null && f !== 0); // else no list of zeros is needed
  for (let i = 0; i < frames; i++) {
    covered.length = 0;
    movers.forEach((m, j) => {
      const di = m.track.d[i] as number;
      const cov = splat(pts[j] as SplatPoints, moveAt(m, i), sc);
      covered.push(cov);
      for (let k = 0; k < cov.length; k++) {
        const p = cov[k] as number;
        const cur = map[p] as number;
        const z = slot[cur] !== -1 ? (dNow[cur] as number) : (zInit[p] as number);
        if (z > di) map[p] = m.id;
      }
      dNow[m.id] = di;
      const fill = fills[j];
      if (fill !== null && fill !== undefined && fill !== 0) {
        for (let k = 0; k < maybeZero.length; k++) {
          const p = maybeZero[k] as number;
          if (map[p] === 0) map[p] = fill;
        }
        maybeZero = new Int32Array(0);
      }
    });
    idMaps.set(map, i * n);
    const reset = carryOver(covered, staticMap, map, resetZero);
    if (reset.length > 0 && anyFill) {
      const merged2 = new Int32Array(maybeZero.length + reset.length);
      merged2.set(maybeZero);
      merged2.set(reset, maybeZero.length);
      maybeZero = merged2;
    }
  }
  scratch = work;
  return { idMaps, depth };
}

/** Frame i's move of an object relative to frame 0 (the splat's dx, dy, dd). */
function moveAt(m: Mover, i: number): SplatMove {
  const t = m.track;
  return {
    dx: (t.x[i] as number) - (t.x[0] as number),
    dy: (t.y[i] as number) - (t.y[0] as number),
    dd: (t.d[i] as number) - (t.d[0] as number),
    id: m.id,
  };
}

/**
 * Carry-over to the next frame: only pixels a splat covered go back to their first-frame static id.
 * Returns those that became 0 again (a view of `resetZero`).
 */
function carryOver(
  covered: readonly Int32Array[],
  staticMap: Uint8Array,
  map: Uint8Array,
  resetZero: Int32Array,
): Int32Array {
  let nReset = 0;
  for (const cov of covered)
    for (let k = 0; k < cov.length; k++) {
      const p = cov[k] as number;
      const v = staticMap[p] as number;
      map[p] = v;
      if (v === 0) resetZero[nReset++] = p;
    }
  return resetZero.subarray(0, nReset);
}
