/**
 * A turbo-like perceptual colour map as a 256-entry RGB LUT (dark blue = far ... dark red = near), built
 * once by linear interpolation between anchor colours. Shared by the depth overlay and the trajectory
 * points so a point's colour matches the overlay at the same depth.
 */
const ANCHORS: readonly (readonly [number, number, number])[] = [
  [48, 18, 59],
  [70, 107, 227],
  [40, 187, 236],
  [49, 242, 153],
  [162, 252, 60],
  [237, 208, 58],
  [251, 128, 34],
  [209, 49, 5],
  [122, 4, 3],
];

/** RGB triples [256 * 3] uint8. */
export const TURBO_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  const last = ANCHORS.length - 1;
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * last;
    const k = Math.min(last - 1, Math.floor(t));
    const u = t - k;
    const a = ANCHORS[k] as readonly number[];
    const b = ANCHORS[k + 1] as readonly number[];
    for (let c = 0; c < 3; c++)
      lut[i * 3 + c] = Math.round((a[c] as number) * (1 - u) + (b[c] as number) * u);
  }
  return lut;
})();

const LOG255 = Math.log(255);

/**
 * LeviTor depth (0, 1], smaller = nearer, to nearness in [0, 1] (1 = nearest). Z0 = 1/Dn crowds most of a
 * scene into 0.004..0.05, so the scale is logarithmic: Z0 = 1/255 -> 1, Z0 = 1 -> 0.
 */
export function nearness(depth: number): number {
  if (!(depth > 0)) return 1;
  return Math.min(1, Math.max(0, -Math.log(depth) / LOG255));
}

/** The nearness span of one depth map, so colours use the whole map for this scene. */
export interface NearRange {
  readonly lo: number;
  readonly hi: number;
}

const ranges = new WeakMap<Float32Array, NearRange>();

/**
 * Nearness range of a depth map: its 1st..99th percentile (a 1024-bin histogram), so a few outlier cells
 * do not squeeze the rest of the scene into one colour. Memoised per array (document maps are immutable).
 */
export function nearRange(data: Float32Array): NearRange {
  let r = ranges.get(data);
  if (r) return r;
  const BINS = 1024;
  const hist = new Uint32Array(BINS);
  for (let i = 0; i < data.length; i++)
    hist[Math.min(BINS - 1, Math.floor(nearness(data[i] as number) * BINS))]!++;
  const at = (q: number) => {
    const target = q * data.length;
    let seen = 0;
    for (let b = 0; b < BINS; b++) {
      seen += hist[b]!;
      if (seen > target) return b;
    }
    return BINS - 1;
  };
  r = data.length === 0 ? { lo: 0, hi: 1 } : { lo: at(0.01) / BINS, hi: (at(0.99) + 1) / BINS };
  ranges.set(data, r);
  return r;
}

/**
 * Nearness stretched over the scene's range (clamped), so a flat-ish scene still shows its relief and a
 * point's colour matches the overlay under it; absolute without a map or for a constant map.
 */
export function displayNearness(depth: number, range: NearRange | null): number {
  const n = range ? nearnessUnclamped(depth) : nearness(depth);
  if (!range || range.hi - range.lo < 1e-6) return n;
  return Math.min(1, Math.max(0, (n - range.lo) / (range.hi - range.lo)));
}

/** Nearness without the upper clamp: a path may come nearer than the nearest thing in the scene (Z < 1/255). */
function nearnessUnclamped(depth: number): number {
  return depth > 0 ? Math.max(0, -Math.log(depth) / LOG255) : 1;
}

/**
 * The scene's range widened to take in a path's own depths, so a path that leaves the scene's range (an
 * object flying nearer than anything in the picture, as in the sample) still shows its depth changing
 * in its points' sizes and colours instead of all of them clamping to "nearest".
 */
export function rangeWithDepths(range: NearRange | null, depths: readonly number[]): NearRange | null {
  if (!range || depths.length === 0) return range;
  let { lo, hi } = range;
  for (const d of depths) {
    const n = nearnessUnclamped(d);
    lo = Math.min(lo, n);
    hi = Math.max(hi, n);
  }
  return lo === range.lo && hi === range.hi ? range : { lo, hi };
}

/** CSS colour of a depth on the map. */
export function depthColour(depth: number, range: NearRange | null = null): string {
  const i = Math.round(displayNearness(depth, range) * 255) * 3;
  return `rgb(${TURBO_LUT[i]}, ${TURBO_LUT[i + 1]}, ${TURBO_LUT[i + 2]})`;
}
