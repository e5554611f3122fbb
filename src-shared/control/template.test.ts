import { describe, expect, it } from 'vitest';
import { heatmapTemplate, resizeLinearU8 } from './template';

function fnv(bytes: Iterable<number>, h0 = 0x811c9dc5): number {
  let h = h0;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

// Expected values: the reference's gen_gaussian_heatmap and cv2.resize (OpenCV 4.8.1), tools/.venv-reference.
describe('heatmap template and OpenCV bilinear resize', () => {
  it('200x200 template is bit-identical (FNV-1a hash)', () => {
    const t = heatmapTemplate();
    expect(t[100 * 200 + 100]).toBe(255);
    expect(fnv(t)).toBe(390899238);
  });
  it('every box size 1..20 x 1..20 equals cv2.resize', () => {
    let h = 0x811c9dc5;
    for (let w = 1; w <= 20; w++)
      for (let hh = 1; hh <= 20; hh++) h = fnv(resizeLinearU8(heatmapTemplate(), 200, 200, w, hh), h);
    expect(h).toBe(3277335087);
  });
  it('20x20 middle row (peak 251, slight asymmetry)', () => {
    const r = resizeLinearU8(heatmapTemplate(), 200, 200, 20, 20);
    expect(Array.from(r.subarray(200, 220))).toEqual([
      15, 26, 42, 66, 96, 132, 171, 206, 235, 251, 251, 237, 210, 174, 136, 100, 69, 44, 27, 15,
    ]);
  });
});
