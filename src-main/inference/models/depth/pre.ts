import type { RgbImage } from '../sam2/pre';
import { resizeCubicF64 } from './cvResize';

/** Depth Anything V2 input as LeviTor runs it (docs/levitor-method.md section 1). */
export const DEPTH_INPUT_SIZE = 512; // the demo's --input-size (the library default would be 518)
const MULTIPLE = 14;
const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;

/** numpy round: half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Lower-bound resize keeping aspect, sides multiples of 14 (ceiling multiple if rounding fell below size). */
export function depthInputSize(
  width: number,
  height: number,
  size = DEPTH_INPUT_SIZE,
): { width: number; height: number } {
  const scale = Math.max(size / width, size / height);
  const fit = (x: number): number => {
    const y = roundHalfEven(x / MULTIPLE) * MULTIPLE;
    return y < size ? Math.ceil(x / MULTIPLE) * MULTIPLE : y;
  };
  return { width: fit(scale * width), height: fit(scale * height) };
}

export interface DepthPreOptions {
  /** Parity with the reference: the network sees BGR (the reference swaps twice). Default true. */
  parityBgr?: boolean;
  /** A static graph input size (standalone exports, often 518x518): stretch to it. */
  fixed?: { width: number; height: number } | null;
}

/** image -> float32 [1,3,h',w']: channel swap, /255 in float64, OpenCV bicubic, mean/std, float32. */
export function preprocessDepth(
  img: RgbImage,
  opts: DepthPreOptions = {},
): { data: Float32Array; width: number; height: number } {
  const { width: w, height: h, data } = img;
  const bgr = opts.parityBgr ?? true;
  const size = opts.fixed ?? depthInputSize(w, h);
  // The reference divides a float64 copy of the image by 255 and resizes it; reading the pixels as /255 in
  // the resize gives the same doubles without that copy (cvResize.ts).
  const source = {
    data,
    width: w,
    height: h,
    channels: 3,
    divisor: 255,
    ...(bgr ? { order: [2, 1, 0] } : {}),
  };
  const r = resizeCubicF64(source, size.width, size.height);
  const plane = size.width * size.height;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++)
      out[c * plane + i] = ((r[i * 3 + c] as number) - (MEAN[c] as number)) / (STD[c] as number);
  }
  return { data: out, width: size.width, height: size.height };
}
