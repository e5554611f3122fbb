import { describe, expect, it } from 'vitest';
import { PngError, decodePngGrey, encodePngGrey } from './png';

function noise(w: number, h: number, seed = 1): Uint8Array {
  const d = new Uint8Array(w * h);
  let s = seed;
  for (let i = 0; i < d.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    d[i] = s >>> 24;
  }
  return d;
}

describe('mask PNG codec', () => {
  it('round-trips 8-bit grey pixels exactly', () => {
    for (const [w, h] of [
      [37, 23],
      [1, 1],
      [600, 3],
    ] as const) {
      const data = noise(w, h, w);
      expect(decodePngGrey(encodePngGrey(w, h, data))).toEqual({ width: w, height: h, data });
    }
  });

  it('refuses what it cannot read with a PngError', () => {
    expect(() => decodePngGrey(new Uint8Array([1, 2, 3]))).toThrow(PngError);
    const png = encodePngGrey(4, 4, new Uint8Array(16));
    expect(() => decodePngGrey(png.subarray(0, 40))).toThrow();
  });
});
