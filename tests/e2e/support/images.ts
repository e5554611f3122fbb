import { crc32, deflateSync } from 'node:zlib';
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

/**
 * A PNG that declares width x height but carries almost no pixel data: enough for a header check to see
 * its size, without allocating a huge image in the test.
 */
export function oversizedPngHeader(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1000))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
