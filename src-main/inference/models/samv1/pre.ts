import type { RgbImage } from '../sam2/pre';
import { pilResizeBilinear } from '../../../../src-shared/image/pilResize';

/** The encoders' square input side: the longest image side is resized to it and the rest zero-padded. */
export const PAD_SIDE = 1024;

/** ResizeLongestSide.get_preprocess_shape: the [newW, newH] the image is resized to (int(x + 0.5)). */
export function longestSideShape(
  width: number,
  height: number,
  side = PAD_SIDE,
): { width: number; height: number } {
  const scale = side / Math.max(width, height);
  return { width: Math.trunc(width * scale + 0.5), height: Math.trunc(height * scale + 0.5) };
}

/**
 * Per-channel affine normalisation of the resized uint8 pixels: v = (p * rescale - mean) / std in float32, in
 * this order (SAM v1: rescale 1, mean/std on 0-255; transformers: rescale 1/255, ImageNet mean/std).
 */
export interface PixelNorm {
  rescale: number;
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}
export const SAM_V1_NORM: PixelNorm = {
  rescale: 1,
  mean: [123.675, 116.28, 103.53],
  std: [58.395, 57.12, 57.375],
};

/**
 * image -> float32 [1,3,1024,1024]: PIL bilinear resize of the longest side to 1024, normalised, zero-padded
 * right and bottom after normalisation (SamPredictor.set_image + Sam.preprocess; SamImageProcessor with do_pad).
 */
export function preprocessPadded(img: RgbImage, norm: PixelNorm, side = PAD_SIDE): Float32Array {
  if (img.data.length !== img.width * img.height * 3) {
    throw new Error(`sam: image data has ${img.data.length} bytes, expected ${img.width}x${img.height}x3`);
  }
  const { width: nw, height: nh } = longestSideShape(img.width, img.height, side);
  const px = pilResizeBilinear(img.data, img.width, img.height, nw, nh);
  const out = new Float32Array(3 * side * side);
  const f = Math.fround;
  const rescale = f(norm.rescale);
  for (let c = 0; c < 3; c++) {
    const m = f(norm.mean[c] as number);
    const s = f(norm.std[c] as number);
    const base = c * side * side;
    for (let y = 0; y < nh; y++) {
      for (let x = 0; x < nw; x++) {
        const p = px[(y * nw + x) * 3 + c] as number;
        const v = rescale === 1 ? p : f(p * rescale);
        out[base + y * side + x] = f(f(v - m) / s);
      }
    }
  }
  return out;
}

/** A point in image pixels -> the resized image's pixels (ResizeLongestSide.apply_coords, float64 then f32). */
export function toPaddedCoords(x: number, y: number, width: number, height: number): [number, number] {
  const { width: nw, height: nh } = longestSideShape(width, height);
  return [Math.fround(x * (nw / width)), Math.fround(y * (nh / height))];
}
