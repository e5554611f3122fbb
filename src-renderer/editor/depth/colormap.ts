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

/** CSS colour of a depth on the map. */
export function depthColour(depth: number): string {
  const i = Math.round(nearness(depth) * 255) * 3;
  return `rgb(${TURBO_LUT[i]}, ${TURBO_LUT[i + 1]}, ${TURBO_LUT[i + 2]})`;
}
