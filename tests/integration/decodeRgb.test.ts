import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeRgb8, generationInputRgb8 } from '../../src-main/services/images/decodeRgb';
import { pilResizeBilinear } from '../../src-shared/image/pilResize';

// The generation input is decoded as Pillow decodes it (no colour management) and resized with Pillow's
// BILINEAR (the shared resize; its real-photo parity is tests/golden/pilResize.test.ts).
const W = 24;
const H = 16;
function gradient(): Buffer {
  const b = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) b.set([x * 10, y * 15, 200 - x * 4], (y * W + x) * 3);
  return b;
}

/** The PNG without its iCCP chunk: what any decoder that ignores the profile reads. */
function withoutIcc(png: Buffer): Buffer {
  const parts = [png.subarray(0, 8)];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    const end = at + 12 + len;
    if (png.toString('latin1', at + 4, at + 8) !== 'iCCP') parts.push(png.subarray(at, end));
    at = end;
  }
  return Buffer.concat(parts);
}

describe('generation input decode and resize', () => {
  it('ignores an embedded ICC profile, as Pillow does', async () => {
    const raw = { raw: { width: W, height: H, channels: 3 as const } };
    const png = await sharp(gradient(), raw).withIccProfile('p3').png().toBuffer();
    const stripped = withoutIcc(png);
    expect(stripped.length).toBeLessThan(png.length); // there was a profile
    const stored = await sharp(stripped).raw().toBuffer();
    const managed = await sharp(png).raw().toBuffer();
    expect(Buffer.compare(stored, managed)).not.toBe(0); // the profile would have shifted the values
    const got = await decodeRgb8(png);
    expect(Buffer.from(got.data).equals(stored)).toBe(true);
  });

  it('greyscale and RGBA become RGB (grey widened, alpha dropped uncomposited)', async () => {
    const grey = await sharp(Buffer.alloc(W * H, 77), { raw: { width: W, height: H, channels: 1 } })
      .png()
      .toBuffer();
    expect(new Set((await decodeRgb8(grey)).data)).toEqual(new Set([77]));
    const rgba = Buffer.alloc(W * H * 4);
    for (let i = 0; i < W * H; i++) rgba.set([10, 20, 30, i % 2 ? 0 : 255], i * 4);
    const png = await sharp(rgba, { raw: { width: W, height: H, channels: 4 } })
      .png()
      .toBuffer();
    const got = await decodeRgb8(png);
    expect(got.data.length).toBe(W * H * 3);
    expect(Array.from(got.data.subarray(3, 6))).toEqual([10, 20, 30]); // a transparent pixel keeps its colour
  });

  it('stretches with the shared PIL BILINEAR resize', async () => {
    const png = await sharp(gradient(), { raw: { width: W, height: H, channels: 3 } })
      .png()
      .toBuffer();
    const got = await generationInputRgb8(png, 9, 20);
    expect(Array.from(got)).toEqual(Array.from(pilResizeBilinear(gradient(), W, H, 9, 20)));
  });
});
