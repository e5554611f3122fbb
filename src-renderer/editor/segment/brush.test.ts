import { describe, expect, it } from 'vitest';
import type { Mask } from '../../state/documentSlice';
import { paintStroke, strokeBox } from './brush';

const count = (m: Mask) => m.data.reduce((n, v) => n + (v ? 1 : 0), 0);
const at = (m: Mask, x: number, y: number) => m.data[y * m.width + x];

describe('brush rasterisation', () => {
  it('paints a round dot of the given radius around a single point', () => {
    const m = paintStroke(null, 21, 21, [{ x: 10.5, y: 10.5 }], 3, 'add');
    expect(at(m, 10, 10)).toBe(255);
    expect(at(m, 13, 10)).toBe(255);
    expect(at(m, 14, 10)).toBe(0);
    // Area close to pi r^2 (28.3), corners of the bounding square left out.
    expect(count(m)).toBeGreaterThan(24);
    expect(count(m)).toBeLessThan(34);
    expect(at(m, 13, 13)).toBe(0);
  });

  it('paints a capsule along a segment and clips at the image edges', () => {
    const m = paintStroke(
      null,
      40,
      10,
      [
        { x: -5, y: 5 },
        { x: 45, y: 5 },
      ],
      2,
      'add',
    );
    for (let x = 0; x < 40; x++) expect(at(m, x, 5)).toBe(255);
    expect(at(m, 20, 0)).toBe(0);
    expect(at(m, 20, 9)).toBe(0);
  });

  it('erases without touching the original mask (edits make new masks for undo)', () => {
    const full: Mask = { width: 8, height: 8, data: new Uint8Array(64).fill(255) };
    const m = paintStroke(full, 8, 8, [{ x: 4, y: 4 }], 1.5, 'erase');
    expect(at(m, 4, 4)).toBe(0);
    expect(at(m, 0, 0)).toBe(255);
    expect(count(full)).toBe(64);
    expect(m.data).not.toBe(full.data);
  });
});

describe('stroke bounds', () => {
  it('covers every painted pixel', () => {
    const points = [
      { x: 5.2, y: 7 },
      { x: 20, y: 3.5 },
    ];
    const m = paintStroke(null, 40, 20, points, 2.5, 'add');
    const box = strokeBox({ points, radius: 2.5 });
    for (let y = 0; y < 20; y++)
      for (let x = 0; x < 40; x++)
        if (at(m, x, y)) {
          expect(x).toBeGreaterThanOrEqual(box.x0);
          expect(x).toBeLessThan(box.x1);
          expect(y).toBeGreaterThanOrEqual(box.y0);
          expect(y).toBeLessThan(box.y1);
        }
  });
});
