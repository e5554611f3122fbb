import sharp from 'sharp';
import { pilResize } from '../../../src-shared/image/pilResize';
import { frameRgb8, placeFrame, type Framing } from '../../../src-shared/image/framing';

const STRETCH: Framing = { fit: 'stretch', frame: { cx: 0.5, cy: 0.5, scale: 1 } };

/** RGB uint8 [height, width, 3]. */
export interface Rgb8 {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * An image file's pixels as the reference reads them (PIL `Image.open(...).convert('RGB')`): EXIF
 * orientation applied (the studio shows images upright; stored assets are already upright, so this is a
 * no-op for them), greyscale widened to RGB, alpha dropped without compositing, and the embedded ICC
 * profile NOT applied (Pillow ignores it; sharp would convert to sRGB and shift the values).
 */
export async function decodeRgb8(input: Buffer | Uint8Array | string): Promise<Rgb8> {
  const { data, info } = await sharp(input, { limitInputPixels: false, ignoreIcc: true })
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

/**
 * The generation input, interleaved RGB8 [H, W, 3]: the image framed at width x height by `framing`
 * (src-shared/image/framing.ts; stretch = the LeviTor demo, docs/levitor-method.md section 0), the framing's
 * source rectangle resized with Pillow's BILINEAR (its resize box) onto its place, black around it.
 */
export async function generationInputRgb8(
  input: Buffer | Uint8Array | string,
  width: number,
  height: number,
  framing: Framing = STRETCH,
): Promise<Uint8Array> {
  const img = await decodeRgb8(input);
  const size = { width: img.width, height: img.height };
  const pl = placeFrame(size, { width, height }, framing);
  return frameRgb8(img.data, size, pl, (rgb, w, h, ow, oh, box) => pilResize(rgb, w, h, 3, ow, oh, box));
}
