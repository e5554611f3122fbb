import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, bytesToBase64Pieces, bytesToFloat32, float32ToBytes } from './base64';

/** The platform's own encoder as the reference (btoa over a binary string). */
const reference = (b: Uint8Array): string => btoa(Array.from(b, (x) => String.fromCharCode(x)).join(''));

describe('base64 of project entries', () => {
  it('matches btoa for every length remainder, all byte values and the RFC 4648 vectors', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 6, 255, 256, 257, 1000, 4099]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 7919 + (i >> 3)) & 255);
      expect(bytesToBase64(b), `length ${n}`).toBe(reference(b));
      expect(base64ToBytes(bytesToBase64(b))).toEqual(b);
    }
    const text = (s: string) => new TextEncoder().encode(s);
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map((s) => bytesToBase64(text(s)))).toEqual([
      '',
      'Zg==',
      'Zm8=',
      'Zm9v',
      'Zm9vYg==',
      'Zm9vYmE=',
      'Zm9vYmFy',
    ]);
  });

  it('encodes a subarray view, not its whole buffer', () => {
    const whole = Uint8Array.from({ length: 64 }, (_, i) => i);
    const view = whole.subarray(5, 12);
    expect(bytesToBase64(view)).toBe(reference(view));
  });

  it('gives the same text in pieces, for every way the pieces can end', async () => {
    for (const n of [0, 5, 12, 13, 14, 100]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 255);
      for (const chunk of [3, 6, 9]) {
        const pieces = await bytesToBase64Pieces(b, chunk);
        expect(pieces.join(''), `length ${n}, pieces of ${chunk}`).toBe(reference(b));
        // One piece per chunk (at least one); every piece but the last is a whole chunk, unpadded.
        expect(pieces).toHaveLength(Math.max(1, Math.ceil(n / chunk)));
        for (const p of pieces.slice(0, -1)) expect(p).toHaveLength((chunk / 3) * 4);
      }
    }
    await expect(bytesToBase64Pieces(new Uint8Array(4), 4)).rejects.toThrow(/multiple of 3/);
  });

  it('float32 entries are little-endian and round-trip', () => {
    const f = Float32Array.of(1, -2.5, 0.1, 3e38);
    const bytes = float32ToBytes(f);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0, 0x80, 0x3f]); // 1.0f
    expect(Array.from(bytesToFloat32(bytes))).toEqual(Array.from(f));
  });
});
