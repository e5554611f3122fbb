import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { PixelCache } from './pixels';

/** Three stored images of 64x64 px (12 KB of RGB each once decoded). */
const assets = new Map<string, { bytes: Buffer }>();
beforeAll(async () => {
  for (const [id, colour] of [
    ['a', '#ff0000'],
    ['b', '#00ff00'],
    ['c', '#0000ff'],
  ] as const) {
    const bytes = await sharp({ create: { width: 64, height: 64, channels: 3, background: colour } })
      .png()
      .toBuffer();
    assets.set(id, { bytes });
  }
});
const store = { get: (id: string) => assets.get(id) as never };
const RGB = 64 * 64 * 3;

describe('decoded pixels kept in main', () => {
  it('keeps recent images within the count, decoding each once', async () => {
    const cache = new PixelCache(store, 2, 1 << 30);
    const a = cache.get('a');
    expect(cache.get('a')).toBe(a); // shared while decoding
    expect((await a).data.subarray(0, 3)).toEqual(Uint8Array.of(255, 0, 0));
    await cache.get('b');
    expect(cache.get('a')).toBe(a);
    await cache.get('c'); // three images, room for two: b is the oldest now
    expect(cache.get('a')).toBe(a);
    const b = cache.get('b');
    expect((await b).data.subarray(0, 3)).toEqual(Uint8Array.of(0, 255, 0));
  });

  it('keeps within the byte budget, but always the newest image', async () => {
    const cache = new PixelCache(store, 3, RGB + RGB / 2);
    const a = cache.get('a');
    await a;
    await cache.get('b'); // 2 images = 24 KB > 18 KB: a goes
    expect(cache.get('a')).not.toBe(a);
    const small = new PixelCache(store, 3, 1);
    const c = small.get('c');
    await c;
    expect(small.get('c')).toBe(c); // over budget alone, but the image in use stays
  });

  it('an image that is not open any more is refused with advice', () => {
    expect(() => new PixelCache(store).get('gone')).toThrow(/not open any more; open it again/);
  });
});
