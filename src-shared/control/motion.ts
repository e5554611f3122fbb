/**
 * Section 5: per-frame move + splat + occlusion + fill, with the id map carried over between frames.
 * Outputs the id maps M_i (uint8 [F,H,W]) and depth maps Z_i (float32 [F,H,W]).
 */
import { makeSplatPoints, splat, SplatScratch, type SplatPoints } from './splat';

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

export interface MotionResult {
  idMaps: Uint8Array; // [F,H,W]
  depthMaps: Float32Array; // [F,H,W]
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

export function runMotion(
  merged: Uint8Array,
  z0: Float64Array,
  movers: readonly Mover[],
  width: number,
  height: number,
  frames: number,
  reuse: Partial<MotionResult> = {},
): MotionResult {
  const n = width * height;
  const moving = new Uint8Array(256);
  for (const m of movers) moving[m.id] = 1;
  // static map (moving ids zeroed), initial scene depth (fill region -> 1.0, farthest), fill region list
  const staticMap = new Uint8Array(n);
  const zInit = new Float64Array(n);
  const region: number[] = [];
  const pixelsOf: number[][] = movers.map(() => []);
  const slot = new Int16Array(256).fill(-1);
  movers.forEach((m, j) => (slot[m.id] = j));
  for (let p = 0; p < n; p++) {
    const v = merged[p] as number;
    const inRegion = v === 0 || moving[v] === 1;
    staticMap[p] = inRegion ? 0 : v;
    zInit[p] = inRegion ? 1.0 : (z0[p] as number);
    if (inRegion) region.push(p);
    const j = slot[v] as number;
    if (v !== 0 && j >= 0) (pixelsOf[j] as number[]).push(p);
  }
  const fillRegion = Int32Array.from(region);
  const pts: SplatPoints[] = pixelsOf.map((px) => makeSplatPoints(Int32Array.from(px), z0, width));
  const fills = pixelsOf.map((px) => {
    if (px.length === 0) return null;
    const p0 = px[0] as number;
    return fillIdFor(staticMap, width, p0 % width, Math.floor(p0 / width));
  });

  // every element of both is written below, so reused buffers need no clearing
  const idMaps = reuse.idMaps?.length === frames * n ? reuse.idMaps : new Uint8Array(frames * n);
  const depthMaps = reuse.depthMaps?.length === frames * n ? reuse.depthMaps : new Float32Array(frames * n);
  const zInit32 = new Float32Array(zInit); // typed-array copy (rounds to float32), not the iterator path
  const map = staticMap.slice();
  const zs = zInit.slice();
  const sc = new SplatScratch(width, height);
  const covered: Int32Array[] = [];
  // Region pixels that may be 0 (only they can take a fill): the whole region at first, then the pixels
  // the carry-over resets to their static id 0. A non-zero fill leaves no zero in the region.
  let maybeZero: Int32Array = fillRegion;
  const resetZero: number[] = [];
  const changed: number[] = []; // pixels whose scene depth differs from zInit in this frame
  for (let i = 0; i < frames; i++) {
    covered.length = 0;
    changed.length = 0;
    movers.forEach((m, j) => {
      const t = m.track;
      const di = t.d[i] as number;
      const cov = splat(
        pts[j] as SplatPoints,
        {
          dx: (t.x[i] as number) - (t.x[0] as number),
          dy: (t.y[i] as number) - (t.y[0] as number),
          dd: di - (t.d[0] as number),
          id: m.id,
        },
        sc,
      );
      covered.push(cov);
      for (let k = 0; k < cov.length; k++) {
        const p = cov[k] as number;
        if ((zs[p] as number) > di) {
          map[p] = m.id;
          if (zs[p] === zInit[p]) changed.push(p);
          zs[p] = di;
        }
      }
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
    const dm = depthMaps.subarray(i * n, (i + 1) * n);
    dm.set(zInit32);
    for (const p of changed) {
      dm[p] = zs[p] as number; // rounds to float32
      zs[p] = zInit[p] as number;
    }
    // carry-over: only pixels a splat covered go back to their first-frame static id
    resetZero.length = 0;
    for (const cov of covered)
      for (let k = 0; k < cov.length; k++) {
        const p = cov[k] as number;
        const v = staticMap[p] as number;
        map[p] = v;
        if (v === 0) resetZero.push(p);
      }
    if (resetZero.length > 0) {
      const merged2 = new Int32Array(maybeZero.length + resetZero.length);
      merged2.set(maybeZero);
      merged2.set(resetZero, maybeZero.length);
      maybeZero = merged2;
    }
  }
  return { idMaps, depthMaps };
}
