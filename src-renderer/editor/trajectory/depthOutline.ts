import { z0FromFloat32 } from '../../../src-shared/control/depth';
import { mergeMasks } from '../../../src-shared/control/merge';
import { makeSplatPoints, splat, SplatScratch, type SplatPoints } from '../../../src-shared/control/splat';
import { frameToImage, framePixel, type Placement } from '../../../src-shared/image/framing';

/**
 * Where and how big an object will be when it reaches one of its trajectory points: the control engine's
 * own section-5 splat (src-shared/control/splat.ts) of the object's pixels, each moved by the point's
 * offset and scaled about the frame centre by its own s = Z / (Z + dd), then outlined. So the outline is
 * the control signal's coverage at that point, not an approximation: it grows and drifts outward when the
 * point comes nearer and shrinks toward the centre when it goes farther.
 */

/** What does not change while a point is dragged: the object's splat points in the generation frame. */
export interface OutlineBase {
  readonly placement: Placement;
  /** the object's id in the merged map (its instance index + 1): the splat composites it as the value */
  readonly id: number;
  readonly points: SplatPoints;
  /** nearest float32 depth of the object's pixels (Z + dd must stay > 0 for all of them) */
  readonly nearest: number;
  readonly scratch: SplatScratch;
}

/**
 * The base of object `index` (0-based instance index) of a scene's user masks, merged as the control
 * engine merges them (automatic masks never take user pixels, so they are not needed). Null when the
 * merge leaves the object no pixel.
 */
export function outlineBase(
  userMasks: readonly Uint8Array[],
  index: number,
  depth: Float32Array,
  placement: Placement,
): OutlineBase | null {
  const { width: W, height: H } = placement;
  const id = index + 1;
  const { map } = mergeMasks(userMasks, [], W, H);
  let n = 0;
  for (let p = 0; p < map.length; p++) if (map[p] === id) n++;
  if (n === 0) return null;
  const pixels = new Int32Array(n);
  n = 0;
  for (let p = 0; p < map.length; p++) if (map[p] === id) pixels[n++] = p;
  const points = makeSplatPoints(pixels, z0FromFloat32(depth), W);
  // makeSplatPoints sorts by depth: the first point is the nearest
  const nearest = points.z[0] as number;
  return { placement, id, points, nearest, scratch: new SplatScratch(W, H) };
}

export interface PointOutline {
  /** segments [x0, y0, x1, y1, ...] in image pixels; empty when nothing of the object stays in frame */
  readonly segments: Float32Array;
  /** covered frame pixels */
  readonly area: number;
  /** the engine refuses this depth: the point comes nearer than the object's nearest pixel allows */
  readonly tooNear: boolean;
}

type Pt = { readonly x: number; readonly y: number; readonly depth: number };

/** The outline of the object when it is at `at`, having started at `start` (editor image coordinates). */
export function outlineAt(base: OutlineBase, start: Pt, at: Pt): PointOutline {
  const pl = base.placement;
  const p0 = framePixel(start, pl);
  const p1 = framePixel(at, pl);
  const dd = at.depth - start.depth;
  if (!(base.nearest + dd > 0)) return { segments: new Float32Array(0), area: 0, tooNear: true };
  const move = { dx: p1.x - p0.x, dy: p1.y - p0.y, dd, id: base.id };
  const covered = splat(base.points, move, base.scratch);
  const segments = contour(covered, pl.width, pl.height);
  // frame pixels -> image pixels (frameToImage is affine per axis)
  for (let k = 0; k < segments.length; k += 2) {
    const q = frameToImage({ x: segments[k] as number, y: segments[k + 1] as number }, pl);
    segments[k] = q.x;
    segments[k + 1] = q.y;
  }
  return { segments, area: covered.length, tooNear: false };
}

/**
 * Marching squares over the covered pixels' centres (pixel c spans [c, c + 1), its centre c + 0.5), with
 * the edges at half-way between a covered and an uncovered centre: line segments in frame pixels.
 * Only the bounding box of the covered pixels (plus one) is visited.
 */
export function contour(covered: Int32Array, W: number, H: number): Float32Array {
  if (covered.length === 0) return new Float32Array(0);
  let c0 = W;
  let r0 = H;
  let c1 = -1;
  let r1 = -1;
  for (let k = 0; k < covered.length; k++) {
    const p = covered[k] as number;
    const c = p % W;
    const r = (p - c) / W;
    if (c < c0) c0 = c;
    if (c > c1) c1 = c;
    if (r < r0) r0 = r;
    if (r > r1) r1 = r;
  }
  // a grid with a one-pixel empty border, so every contour closes
  const gw = c1 - c0 + 3;
  const gh = r1 - r0 + 3;
  const grid = new Uint8Array(gw * gh);
  for (let k = 0; k < covered.length; k++) {
    const p = covered[k] as number;
    const c = p % W;
    const r = (p - c) / W;
    grid[(r - r0 + 1) * gw + (c - c0 + 1)] = 1;
  }
  const out: number[] = [];
  // grid cell (i, j) has corners at grid centres (i, j) .. (i + 1, j + 1); grid column i is frame
  // column c0 - 1 + i, whose centre is at x = c0 - 0.5 + i
  const ox = c0 - 0.5;
  const oy = r0 - 0.5;
  for (let j = 0; j + 1 < gh; j++)
    for (let i = 0; i + 1 < gw; i++) {
      const tl = grid[j * gw + i] as number;
      const tr = grid[j * gw + i + 1] as number;
      const br = grid[(j + 1) * gw + i + 1] as number;
      const bl = grid[(j + 1) * gw + i] as number;
      const code = (tl << 3) | (tr << 2) | (br << 1) | bl;
      if (code === 0 || code === 15) continue;
      const x = ox + i;
      const y = oy + j;
      // edge midpoints: top, right, bottom, left
      const T = [x + 0.5, y];
      const R = [x + 1, y + 0.5];
      const B = [x + 0.5, y + 1];
      const L = [x, y + 0.5];
      for (const [a, b] of CASES[code] as readonly (readonly [Edge, Edge])[]) {
        const pa = a === 0 ? T : a === 1 ? R : a === 2 ? B : L;
        const pb = b === 0 ? T : b === 1 ? R : b === 2 ? B : L;
        out.push(pa[0] as number, pa[1] as number, pb[0] as number, pb[1] as number);
      }
    }
  return Float32Array.from(out);
}

/** 0 top, 1 right, 2 bottom, 3 left */
type Edge = 0 | 1 | 2 | 3;

/** Segments per corner code (tl, tr, br, bl bits); the saddles (5, 10) keep the covered corners apart. */
const CASES: readonly (readonly (readonly [Edge, Edge])[])[] = [
  [],
  [[3, 2]], // bl
  [[2, 1]], // br
  [[3, 1]], // bl br
  [[0, 1]], // tr
  [
    [0, 1],
    [3, 2],
  ], // tr bl
  [[0, 2]], // tr br
  [[3, 0]], // tr br bl
  [[3, 0]], // tl
  [[0, 2]], // tl bl
  [
    [3, 0],
    [2, 1],
  ], // tl br
  [[0, 1]], // tl bl br
  [[3, 1]], // tl tr
  [[2, 1]], // tl tr bl
  [[3, 2]], // tl tr br
  [],
];
