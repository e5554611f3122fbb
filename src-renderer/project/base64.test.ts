import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64';

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
});
