import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import type { RgbImage } from '../../src-main/inference/models/sam2/pre';

/** Readers for the committed tiny-model fixtures (tests/fixtures/{sam2,depth}); see tools/export. */
export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export function readF32Gz(path: string): Float32Array {
  const b = gunzipSync(readFileSync(path));
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}
export function readU8Gz(path: string): Uint8Array {
  return new Uint8Array(gunzipSync(readFileSync(path)));
}
export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
export async function readPng(path: string): Promise<RgbImage> {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`${path}: expected RGB, got ${info.channels} channels`);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

/** max |a[i*stride] - b[i]| over the golden's samples. */
export function maxAbsDiffStrided(
  full: ArrayLike<number>,
  sample: ArrayLike<number>,
  stride: number,
): number {
  let m = 0;
  for (let i = 0; i < sample.length; i++)
    m = Math.max(m, Math.abs((full[i * stride] as number) - (sample[i] as number)));
  return m;
}

/** Fraction of identical pixels and IoU of two 0/1 masks. */
export function compareMasks(a: Uint8Array, b: Uint8Array): { same: number; iou: number } {
  let same = 0;
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x === y) same++;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return { same: same / a.length, iou: union ? inter / union : 1 };
}
