import { describe, expect, it } from 'vitest';
import { sourceFor, type ImageLevel } from './useImageElement';

describe('sourceFor', () => {
  // Stand-ins: sourceFor only compares scales and hands back one of the objects it was given.
  const image = { id: 'full' } as unknown as ImageBitmap;
  const level = (scale: number): ImageLevel => ({ scale, bitmap: { id: scale } as unknown as ImageBitmap });
  const levels = [level(0.5), level(0.25)];
  const pick = (scale: number) => sourceFor(image, levels, scale);

  it('draws from the smallest copy still at least as large as the image on screen', () => {
    expect([0.1, 0.25, 0.3, 0.5].map(pick)).toEqual([
      levels[1]!.bitmap,
      levels[1]!.bitmap,
      levels[0]!.bitmap,
      levels[0]!.bitmap,
    ]);
  });

  it('draws the image itself above the largest copy, or when there are no copies', () => {
    expect(pick(0.51)).toBe(image);
    expect(pick(3)).toBe(image);
    expect(sourceFor(image, [], 0.1)).toBe(image);
  });
});
