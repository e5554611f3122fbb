import { StudioError } from '../../../src-shared/ipc/contract';
import type { AssetStore } from '../images/assetStore';
import { decodeRgb8 } from '../images/decodeRgb';

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
    p = decodeRgb8(asset.bytes);
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
