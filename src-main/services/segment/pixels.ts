import sharp from 'sharp';
import { StudioError } from '../../../src-shared/ipc/contract';
import type { AssetStore } from '../images/assetStore';

/** RGB uint8 [height, width, 3], what the inference host's sam2/depth tasks take. */
export interface Rgb {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Decoded pixels of the AssetStore's images, a few kept (a 4096^2 image is 48 MB of RGB): a click needs only
 * the size, auto masks and depth need the pixels. Assets are stored already EXIF-oriented (imageService).
 */
export class PixelCache {
  private readonly map = new Map<string, Promise<Rgb>>();

  constructor(
    private readonly assets: Pick<AssetStore, 'get'>,
    private readonly capacity = 3,
  ) {}

  get(imageId: string): Promise<Rgb> {
    let p = this.map.get(imageId);
    if (p) {
      this.map.delete(imageId);
      this.map.set(imageId, p);
      return p;
    }
    const asset = this.assets.get(imageId);
    if (!asset) {
      throw new StudioError('image/not-found', `image ${imageId} is not open any more; open it again`);
    }
    p = decode(asset.bytes);
    p.catch(() => this.map.delete(imageId));
    this.map.set(imageId, p);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
    return p;
  }

  clear(): void {
    this.map.clear();
  }
}

async function decode(bytes: Buffer): Promise<Rgb> {
  // toColourspace('srgb') makes greyscale 3 channels; removeAlpha drops alpha as the reference's RGB convert.
  const { data, info } = await sharp(bytes, { limitInputPixels: false })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}
