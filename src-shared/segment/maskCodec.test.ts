import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  base64ToFloat32,
  bytesToBase64,
  decodeMask,
  encodeMask,
  encodeThreshold,
  float32ToBase64,
  maskArea,
} from './maskCodec';

/** Deterministic pseudo-random generator (LCG) so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** btoa (browsers and Node) over a binary string, the reference for our encoder. */
const platformBase64 = (b: Uint8Array): string => btoa(String.fromCharCode(...b));

describe('maskCodec', () => {
  it('base64 matches the platform encoder for every length remainder', () => {
    const rnd = lcg(1);
    for (let n = 0; n < 40; n++) {
      const b = Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
      const ours = bytesToBase64(b);
      expect(ours).toBe(platformBase64(b));
      expect([...base64ToBytes(ours)]).toEqual([...b]);
    }
    expect(() => base64ToBytes('abc')).toThrow(/multiple of 4/);
    expect(() => base64ToBytes('ab$=')).toThrow(/bad character/);
  });

  it('reads the older base64 form of the same bytes', () => {
    const m = new Uint8Array([0, 1, 1, 0, 1]);
    const bytes = encodeMask(m);
    expect(decodeMask(bytesToBase64(bytes), 5, 1)).toEqual(decodeMask(bytes, 5, 1));
    expect(maskArea(bytesToBase64(bytes))).toBe(3);
  });

  it('documented layout: LEB128 runs starting with a 0-run', () => {
    // 3 zeros, 2 ones, 1 zero -> runs [3, 2, 1]
    expect([...encodeMask([0, 0, 0, 1, 1, 0])]).toEqual([3, 2, 1]);
    // starts with ones -> leading empty 0-run
    expect([...encodeMask([255, 255])]).toEqual([0, 2]);
    // a 300-long run needs two varint bytes: 300 = 0b10_0101100 -> [0xac, 0x02]
    expect([...encodeMask(new Uint8Array(300))]).toEqual([0xac, 0x02]);
    expect([...encodeMask([])]).toEqual([0]);
  });

  it('round-trips random masks of several shapes, values 0/1 or 0/255', () => {
    const rnd = lcg(7);
    for (const [w, h, p] of [
      [1, 1, 0.5],
      [17, 3, 0.5],
      [64, 48, 0.02],
      [640, 480, 0.999],
    ] as const) {
      // blobs: runs with a switching probability, so runs of many lengths (>127 and >16383 included)
      const m = new Uint8Array(w * h);
      let v = 0;
      for (let i = 0; i < m.length; i++) {
        if (rnd() > p) v ^= 1;
        m[i] = v;
      }
      const enc = encodeMask(m);
      expect([...decodeMask(enc, w, h)]).toEqual([...m]);
      const alpha = decodeMask(enc, w, h, 255);
      expect(alpha.every((a, i) => a === (m[i] ? 255 : 0))).toBe(true);
      expect(maskArea(enc)).toBe(m.reduce((s, x) => s + x, 0));
    }
  });

  it('encodeThreshold = encodeMask of (value > t), with the area', () => {
    const logits = Float32Array.of(-1, 0, 0.5, 2, -3, 1e-7, 0, 7);
    const r = encodeThreshold(logits);
    expect(r.mask).toEqual(encodeMask([0, 0, 1, 1, 0, 1, 0, 1]));
    expect(r.area).toBe(4);
    expect(encodeThreshold(logits, 1).area).toBe(2);
    expect(decodeMask(encodeThreshold(new Float32Array(5).fill(1)).mask, 5, 1)).toEqual(
      new Uint8Array(5).fill(1),
    );
  });

  it('a big simple mask is compact', () => {
    const w = 4096;
    const h = 4096;
    const m = new Uint8Array(w * h);
    for (let y = 1000; y < 3000; y++) m.fill(1, y * w + 1000, y * w + 3000);
    const enc = encodeMask(m);
    expect(enc.length).toBeLessThan(4 * 2000 * 2 * 1.4 + 16);
    expect(decodeMask(enc, w, h)[2000 * w + 2000]).toBe(1);
  });

  it('refuses masks whose runs do not cover width*height', () => {
    const enc = encodeMask([0, 1, 1, 0]);
    expect(() => decodeMask(enc, 2, 3)).toThrow(/cover 4 pixels/);
    expect(() => decodeMask(enc, 1, 3)).toThrow(/exceed/);
    expect(() => decodeMask(bytesToBase64(Uint8Array.of(0x80)), 1, 1)).toThrow(/truncated/);
  });

  it('float32 base64 is little-endian and exact', () => {
    const a = Float32Array.of(1, -0.5, 1 / 3, 3.4e38, Number.NaN);
    const s = float32ToBase64(a);
    expect(s).toBe(platformBase64(new Uint8Array(a.buffer)));
    const b = base64ToFloat32(s);
    expect([...b.slice(0, 4)]).toEqual([...a.slice(0, 4)]);
    expect(Number.isNaN(b[4])).toBe(true);
  });
});
