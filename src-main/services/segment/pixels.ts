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
 * Decoded pixels of the AssetStore's images, a few kept: a click needs only the size, the embedding and
 * depth need the pixels (decoded once for both), and a restarted host needs them again. At most `capacity`
 * images and `budget` bytes together (the newest always stays): three 16384x4096 images were 600 MB of RGB
 * in main for a fallback that decoding the stored file again also serves. Assets are stored already
 * EXIF-oriented (imageService).
 */
export class PixelCache {
  private readonly map = new Map<string, { pixels: Promise<Rgb>; bytes: number }>();

  constructor(
    private readonly assets: Pick<AssetStore, 'get'>,
    private readonly capacity = 3,
    private readonly budget = 160 * 2 ** 20,
  ) {}

  get(imageId: string): Promise<Rgb> {
    const known = this.map.get(imageId);
    if (known) {
      this.map.delete(imageId);
      this.map.set(imageId, known);
      return known.pixels;
    }
    const asset = this.assets.get(imageId);
    if (!asset) {
      throw new StudioError('image/not-found', `image ${imageId} is not open any more; open it again`);
    }
    const entry = { pixels: decodeRgb8(asset.bytes), bytes: 0 };
    entry.pixels.then(
      (rgb) => {
        entry.bytes = rgb.data.byteLength;
        this.trim();
      },
      () => this.map.get(imageId) === entry && this.map.delete(imageId),
    );
    this.map.set(imageId, entry);
    this.trim();
    return entry.pixels;
  }

  /** Drops the oldest entries past the count or the byte budget, never the newest. */
  private trim(): void {
    let bytes = 0;
    for (const e of this.map.values()) bytes += e.bytes;
    for (const [id, e] of this.map) {
      if (this.map.size <= 1 || (this.map.size <= this.capacity && bytes <= this.budget)) break;
      this.map.delete(id);
      bytes -= e.bytes;
    }
  }

  clear(): void {
    this.map.clear();
  }
}
