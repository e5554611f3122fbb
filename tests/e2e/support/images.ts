import sharp from 'sharp';
import type { RGB } from './pixels';

export interface QuadrantImage {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  /** Colours of the top-left, top-right, bottom-left and bottom-right quadrants. */
  readonly quadrants: readonly [RGB, RGB, RGB, RGB];
  /** Side of the white square centred where the quadrants meet, in image pixels. */
  readonly markerSize: number;
}

/** An image whose placement, orientation and scale can all be read back from a screenshot. */
export async function quadrantPng(
  width: number,
  height: number,
  quadrants: readonly [RGB, RGB, RGB, RGB],
  markerSize: number,
): Promise<QuadrantImage> {
  const raw = Buffer.alloc(width * height * 3);
  const m0x = Math.round((width - markerSize) / 2);
  const m0y = Math.round((height - markerSize) / 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const q = (y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1);
      const inMarker = x >= m0x && x < m0x + markerSize && y >= m0y && y < m0y + markerSize;
      const c: RGB = inMarker ? [255, 255, 255] : quadrants[q]!;
      raw.set(c, (y * width + x) * 3);
    }
  }
  const png = await sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
  return { png, width, height, quadrants, markerSize };
}
