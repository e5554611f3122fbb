import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ControlError } from '../../../src-shared/control/errors';
import { readMaskPng } from './maskPng';

const tmp = mkdtempSync(join(tmpdir(), 'levitor-mask-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const W = 4;
const H = 2;

/** A 16-bit grayscale PNG written byte by byte (sharp cannot take 16-bit raw input). */
function gray16Png(values: number[]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(W, 0);
  ihdr.writeUInt32BE(H, 4);
  ihdr.set([16, 0, 0, 0, 0], 8); // 16 bits, grayscale
  const rows = Buffer.alloc(H * (1 + 2 * W));
  values.forEach((v, i) => rows.writeUInt16BE(v, Math.floor(i / W) * (1 + 2 * W) + 1 + 2 * (i % W)));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function png(name: string, pixels: number[], channels: 1 | 2 | 3 | 4): Promise<string> {
  const path = join(tmp, name);
  await sharp(Buffer.from(pixels), { raw: { width: W, height: H, channels } })
    .png()
    .toFile(path);
  return path;
}

const inside = (m: Uint8Array) => [...m].map((v) => (v ? 1 : 0));

describe('mask PNGs (docs/scene-format.md, "Masks")', () => {
  it('reads 8-bit gray: any non-zero value is inside', async () => {
    const p = await png('gray.png', [0, 1, 0, 200, 0, 0, 255, 0], 1);
    expect(inside(await readMaskPng(p, W, H))).toEqual([0, 1, 0, 1, 0, 0, 1, 0]);
  });

  it('reads 16-bit gray at full depth: a value of 1 is inside', async () => {
    const p = join(tmp, 'gray16.png');
    writeFileSync(p, gray16Png([0, 1, 0, 0, 0, 0, 65535, 0]));
    expect((await sharp(p).metadata()).depth).toBe('ushort');
    expect(inside(await readMaskPng(p, W, H))).toEqual([0, 1, 0, 0, 0, 0, 1, 0]);
  });

  it('reads the alpha channel when the image has a transparent part', async () => {
    // black RGB everywhere: the mask is only in alpha
    const a = [0, 255, 0, 0, 9, 0, 0, 0];
    const p = await png(
      'alpha.png',
      a.flatMap((v) => [0, 0, 0, v]),
      4,
    );
    expect(inside(await readMaskPng(p, W, H))).toEqual([0, 1, 0, 0, 1, 0, 0, 0]);
  });

  it('reads the gray of an image whose alpha is opaque everywhere', async () => {
    const g = [0, 0, 255, 0, 0, 0, 0, 7];
    const p = await png(
      'opaque.png',
      g.flatMap((v) => [v, v, v, 255]),
      4,
    );
    expect(inside(await readMaskPng(p, W, H))).toEqual([0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('refuses a colour image and a mask of another size, saying what to do', async () => {
    const colour = await png(
      'colour.png',
      [0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      3,
    );
    await expect(readMaskPng(colour, W, H)).rejects.toThrow(/colour image, not a mask .* grayscale/);
    await expect(readMaskPng(colour, W, H)).rejects.toBeInstanceOf(ControlError);
    await expect(readMaskPng(colour, 8, 8)).rejects.toThrow(/mask is 4x2, expected 8x8/);
  });
});
