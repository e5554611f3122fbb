import sharp from 'sharp';
import { pilResizeBilinear } from '../../../src-shared/image/pilResize';

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
 * The generation input: the image stretched to width x height with Pillow's BILINEAR filter, as the
 * LeviTor demo resizes the upload (levitor-method.md section 0, parity mode), interleaved RGB8 [H, W, 3].
 */
export async function generationInputRgb8(
  input: Buffer | Uint8Array | string,
  width: number,
  height: number,
): Promise<Uint8Array> {
  const img = await decodeRgb8(input);
  return pilResizeBilinear(img.data, img.width, img.height, width, height);
}
