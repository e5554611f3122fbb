/**
 * Reading a scene's mask PNG by one documented rule (docs/scene-format.md, "Masks"):
 * - the image must be exactly W x H;
 * - if it has an alpha channel that is not fully opaque, the alpha channel is the mask;
 * - otherwise the image must be gray (all colour channels equal at every pixel), and that gray is the mask;
 *   a colour image is refused: which channel would be meant is a guess;
 * - a pixel is inside when its value is non-zero, at 8 or 16 bits (16-bit values are read as they are,
 *   so a 16-bit mask holding 1 is not rounded down to an empty 8-bit one).
 */
import sharp from 'sharp';
import { ControlError } from '../../../src-shared/control/errors';

/** A mask in the engine's form: 255 inside, 0 outside, row-major [H, W]. */
export async function readMaskPng(path: string, width: number, height: number): Promise<Uint8Array> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(path).metadata();
  } catch (e) {
    throw new ControlError('bad-parameter', `${path}: not an image sharp can read (${(e as Error).message})`);
  }
  if (meta.width !== width || meta.height !== height)
    throw new ControlError(
      'size-mismatch',
      `${path}: mask is ${meta.width}x${meta.height}, expected ${width}x${height} (the scene's size)`,
    );
  const sixteen = meta.depth === 'ushort';
  // At 16 bits sharp's default sRGB pipeline rounds small values to 0: keep the file's own values.
  // The size was checked from the header: the pixel limit stops a file that lies about it.
  const open = () => sharp(path, { limitInputPixels: width * height });
  const pipeline = sixteen
    ? open()
        .toColourspace((meta.channels ?? 1) <= 2 ? 'grey16' : 'rgb16')
        .raw({ depth: 'ushort' })
    : open().raw();
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  const values = sixteen ? new Uint16Array(data.buffer, data.byteOffset, data.length / 2) : data;
  const ch = info.channels;
  const n = width * height;
  const alpha = meta.hasAlpha && ch >= 2 ? ch - 1 : -1;
  const out = new Uint8Array(n);
  if (alpha >= 0 && !allOpaque(values, ch, alpha, sixteen ? 65535 : 255)) {
    for (let p = 0; p < n; p++) out[p] = values[p * ch + alpha] ? 255 : 0;
    return out;
  }
  const colours = alpha >= 0 ? ch - 1 : ch;
  for (let p = 0; p < n; p++) {
    const v = values[p * ch] as number;
    for (let c = 1; c < colours; c++)
      if (values[p * ch + c] !== v)
        throw new ControlError(
          'bad-parameter',
          `${path}: a colour image, not a mask (pixel ${p % width}, ${Math.floor(p / width)} differs between ` +
            'channels). Save the mask as grayscale (non-zero = inside), or put it in the alpha channel.',
        );
    out[p] = v ? 255 : 0;
  }
  return out;
}

function allOpaque(values: ArrayLike<number>, ch: number, alpha: number, max: number): boolean {
  for (let i = alpha; i < values.length; i += ch) if (values[i] !== max) return false;
  return true;
}
