import { describe, expect, it } from 'vitest';
import type { Mask } from '../../state/documentSlice';
import { hexToRgb, maskIndexAt, rasterMask, rasterSegments, segmentColour } from './maskRaster';

function square(size: number, from: number, to: number): Mask {
  const data = new Uint8Array(size * size);
  for (let y = from; y < to; y++) for (let x = from; x < to; x++) data[y * size + x] = 255;
  return { width: size, height: size, data };
}
const rgba = (px: { data: Uint8ClampedArray; width: number }, x: number, y: number) =>
  Array.from(px.data.slice((y * px.width + x) * 4, (y * px.width + x) * 4 + 4));

describe('mask overlay raster', () => {
  it('tints the inside, outlines the edge opaquely and leaves the outside clear', () => {
    const px = rasterMask(square(10, 2, 8), '#ff8000', 0.5);
    expect(px.step).toBe(1);
    expect(rgba(px, 5, 5)).toEqual([255, 128, 0, 128]);
    expect(rgba(px, 2, 5)).toEqual([255, 128, 0, 255]);
    expect(rgba(px, 7, 7)).toEqual([255, 128, 0, 255]);
    expect(rgba(px, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(rgba(px, 8, 5)).toEqual([0, 0, 0, 0]);
  });

  it('subsamples large masks to stay within the overlay size', () => {
    const px = rasterMask(square(100, 0, 50), '#00ff00', 0.5, 40);
    expect(px.step).toBe(3);
    expect(px.width).toBe(34);
    expect(rgba(px, 5, 5)[3]).toBe(128);
    expect(rgba(px, 30, 30)[3]).toBe(0);
  });

  it('parses hex colours', () => {
    expect(hexToRgb('#4363d8')).toEqual([0x43, 0x63, 0xd8]);
  });
});

describe('segment picking and overlay', () => {
  it('picks the smallest segment under a pixel', () => {
    const big = square(10, 0, 10);
    const small = square(10, 2, 5);
    expect(maskIndexAt([big, small], [100, 9], 3, 3)).toBe(1);
    expect(maskIndexAt([big, small], [100, 9], 8, 8)).toBe(0);
    expect(maskIndexAt([small], [9], 8, 8)).toBe(-1);
  });

  it('draws small segments over large ones', () => {
    const px = rasterSegments([square(10, 0, 10), square(10, 2, 5)], [100, 9], 0.5)!;
    const [r, g, b] = segmentColour(1);
    expect(rgba(px, 3, 3)).toEqual([r, g, b, 128]);
    expect(rgba(px, 8, 8)).toEqual([...segmentColour(0), 128]);
  });
});

describe('partial overlay raster (brush strokes)', () => {
  it('renders a region exactly as the same part of the full overlay', () => {
    const m = square(60, 10, 40);
    m.data[25 * 60 + 25] = 0; // a hole: inner edge
    for (const maxSide of [60, 25]) {
      const full = rasterMask(m, '#4363d8', 0.42, maxSide);
      const part = rasterMask(m, '#4363d8', 0.42, maxSide, { x: 3, y: 5, width: 9, height: 7 });
      expect([part.x, part.y, part.width, part.height]).toEqual([3, 5, 9, 7]);
      for (let y = 0; y < part.height; y++)
        for (let x = 0; x < part.width; x++) expect(rgba(part, x, y)).toEqual(rgba(full, x + 3, y + 5));
    }
  });

  it('clips regions to the overlay', () => {
    const part = rasterMask(square(10, 0, 10), '#ffffff', 0.5, 2048, { x: -4, y: 8, width: 20, height: 20 });
    expect([part.x, part.y, part.width, part.height]).toEqual([0, 8, 10, 2]);
  });
});
