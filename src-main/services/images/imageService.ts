import { basename } from 'node:path';
import sharp from 'sharp';
import { ErrorCode, IMAGE_LIMITS, type ImportedImage, StudioError } from '../../../src-shared/ipc/contract';
import type { AssetStore } from './assetStore';
import { readImageFile, tooLarge } from './readImageFile';

const FORMATS = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;
type Format = keyof typeof FORMATS;

/** Builds the URL the renderer puts in <img src> for an asset id (differs per transport). */
export type AssetUrl = (assetId: string) => string;

function isFormat(f: string | undefined): f is Format {
  return f !== undefined && Object.hasOwn(FORMATS, f);
}

/** What checkImage learned: the format and the size a person sees (EXIF orientation applied). */
export interface CheckedImage {
  readonly meta: sharp.Metadata;
  readonly format: Format;
  readonly width: number;
  readonly height: number;
}

/**
 * The image rules every way into the studio applies (open, drop, new project from a file): PNG, JPEG or
 * WebP, at most IMAGE_LIMITS bytes, pixels and pixels a side. Reads the header only.
 */
export async function checkImage(name: string, bytes: Uint8Array): Promise<CheckedImage> {
  if (bytes.length > IMAGE_LIMITS.maxBytes) throw tooLarge(name, bytes.length);
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new StudioError(
      ErrorCode.NotAnImage,
      `"${name}" is not an image the studio can read. Open a PNG, JPEG or WebP file.`,
    );
  }
  if (!isFormat(meta.format)) {
    throw new StudioError(
      ErrorCode.UnsupportedFormat,
      `"${name}" is a ${meta.format ?? 'unknown'} image; the studio opens PNG, JPEG and WebP. Convert it and open it again.`,
    );
  }
  const rotated = (meta.orientation ?? 1) >= 5; // orientations 5-8 swap width and height
  const width = rotated ? meta.height : meta.width;
  const height = rotated ? meta.width : meta.height;
  if (!width || !height) throw new StudioError(ErrorCode.DecodeFailed, `"${name}" has no readable size.`);
  if (width > IMAGE_LIMITS.maxSide || height > IMAGE_LIMITS.maxSide) {
    throw new StudioError(
      ErrorCode.TooLarge,
      `"${name}" is ${width}x${height} px; the studio opens images up to ${IMAGE_LIMITS.maxSide} px a side. Scale it down and open it again.`,
    );
  }
  if (width * height > IMAGE_LIMITS.maxPixels) {
    throw new StudioError(
      ErrorCode.TooManyPixels,
      `"${name}" has ${mp(width * height)} MP (${width}x${height}); the studio opens images up to ${mp(IMAGE_LIMITS.maxPixels)} MP (${EXAMPLES}). Scale it down and open it again.`,
    );
  }
  return { meta, format: meta.format, width, height };
}

/**
 * Decodes and validates an image, applies its EXIF orientation (so width/height and pixels are what a
 * person sees) and registers it in the asset store. PNG stays lossless; JPEG/WebP are re-encoded only
 * when rotation was needed.
 */
export async function importImageBytes(
  store: AssetStore,
  assetUrl: AssetUrl,
  name: string,
  bytes: Buffer,
): Promise<ImportedImage> {
  const { meta, format, width, height } = await checkImage(name, bytes);
  let out = bytes;
  try {
    // Full decode catches truncated files that metadata() accepts.
    const img = sharp(bytes, { limitInputPixels: IMAGE_LIMITS.maxPixels });
    if ((meta.orientation ?? 1) !== 1) out = await img.rotate().toFormat(format).toBuffer();
    else
      await img
        .raw()
        .toBuffer({ resolveWithObject: false })
        .then(() => undefined);
  } catch (e) {
    throw new StudioError(
      ErrorCode.DecodeFailed,
      // The library's own text goes on a line of its own: the studio shows it only behind "Details".
      `"${name}" is damaged or incomplete and could not be decoded. Export it again and open the new copy.\n${(e as Error).message.trim()}`,
    );
  }
  const asset = store.add(FORMATS[format], out);
  return { imageId: asset.id, name, width, height, format, url: assetUrl(asset.id) };
}

/** An image file the user chose (the path comes from a handle main issued: services/files). */
export async function importImagePath(
  store: AssetStore,
  assetUrl: AssetUrl,
  path: string,
): Promise<ImportedImage> {
  return importImageBytes(store, assetUrl, basename(path), await readImageFile(path));
}

/** Sizes at the pixel limit, for the message: "8192x8192 or 16384x4096". */
const square = Math.floor(Math.sqrt(IMAGE_LIMITS.maxPixels));
const EXAMPLES = `${square}x${square} or ${IMAGE_LIMITS.maxSide}x${Math.floor(IMAGE_LIMITS.maxPixels / IMAGE_LIMITS.maxSide)}`;

/** Megapixels with one decimal (67.1, not 67.108864). */
const mp = (pixels: number): number => Math.round(pixels / 1e5) / 10;
