import { describe, expect, it } from 'vitest';
import { pilResize, pilResizeBilinear } from './pilResize';

// Real-photo parity against Pillow lives in tests/golden/pilResize.test.ts; these pin the API's contract.
function pattern(w: number, h: number, ch: number): Uint8Array {
  const a = new Uint8Array(w * h * ch);
  for (let i = 0; i < a.length; i++) a[i] = (i * 37 + ((i / ch) | 0) * 11) % 256;
  return a;
}

describe('pilResize', () => {
  it('filters every channel on its own: 3 channels = three 1-channel resizes', () => {
    const rgb = pattern(13, 7, 3);
    const out = pilResize(rgb, 13, 7, 3, 5, 11);
    for (let c = 0; c < 3; c++) {
      const plane = rgb.filter((_, i) => i % 3 === c);
      const one = pilResize(plane, 13, 7, 1, 5, 11);
      expect(Array.from(out.filter((_, i) => i % 3 === c))).toEqual(Array.from(one));
    }
  });

  it('returns a copy at the same size and whole box, as Pillow', () => {
    const rgb = pattern(4, 3, 3);
    const out = pilResizeBilinear(rgb, 4, 3, 4, 3);
    expect(out).not.toBe(rgb);
    expect(Array.from(out)).toEqual(Array.from(rgb));
  });

  it('a box at the same size as the output is the crop itself (integer box)', () => {
    const rgb = pattern(9, 8, 3);
    const out = pilResize(rgb, 9, 8, 3, 4, 3, { x0: 2, y0: 1, x1: 6, y1: 4 });
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 4; x++)
        for (let c = 0; c < 3; c++) expect(out[(y * 4 + x) * 3 + c]).toBe(rgb[((y + 1) * 9 + x + 2) * 3 + c]);
  });

  it('keeps a constant image constant while shrinking and growing', () => {
    const flat = new Uint8Array(40 * 30 * 3).fill(200);
    for (const [w, h] of [
      [7, 5],
      [97, 61],
      [40, 30],
    ] as const)
      expect(new Set(pilResize(flat, 40, 30, 3, w, h))).toEqual(new Set([200]));
  });

  it('refuses what Pillow refuses, with the reason', () => {
    const rgb = pattern(4, 4, 3);
    expect(() => pilResize(rgb, 4, 4, 3, 2, 2, { x0: -1, y0: 0, x1: 2, y1: 2 })).toThrow(/not inside 4x4/);
    expect(() => pilResize(rgb, 4, 4, 3, 2, 2, { x0: 0, y0: 0, x1: 5, y1: 2 })).toThrow(/not inside/);
    expect(() => pilResize(rgb, 4, 4, 3, 2, 2, { x0: 2, y0: 0, x1: 2, y1: 2 })).toThrow(/not inside/);
    expect(() => pilResize(rgb, 4, 4, 3, 0, 2)).toThrow(/output size 0x2/);
    expect(() => pilResize(rgb, 4, 5, 3, 2, 2)).toThrow(/48 bytes for 4x5x3/);
    expect(() => pilResize(rgb, 4, 4, 5, 2, 2)).toThrow(/5 channels/);
  });
});
