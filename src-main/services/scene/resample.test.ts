import { describe, expect, it } from 'vitest';
import type { ControlScene } from '../../../src-shared/control';
import { fitSceneToSize } from './resample';

/** An 8x4 landscape scene: the left half is object 1, the point at pixel (1, 1) moves it. */
const scene = (): ControlScene => ({
  width: 8,
  height: 4,
  frames: 4,
  pointsRatio: 1,
  depth: { kind: 'z0', data: new Float32Array(32).fill(0.5) },
  objects: [
    {
      kind: 'moving',
      mask: Uint8Array.from({ length: 32 }, (_, i) => (i % 8 < 4 ? 255 : 0)),
      trajectory: [{ x: 1, y: 1, depth: 0.5 }],
    },
  ],
  autoMasks: [],
  parity: true,
});

const rows = (m: Uint8Array, w: number) =>
  Array.from({ length: m.length / w }, (_, r) =>
    [...m.subarray(r * w, r * w + w)].map((v) => (v ? 1 : 0)).join(''),
  );

describe('fitting a scene into the pack size by the studio framing', () => {
  it('leaves a scene of the pack size as it is', () => {
    const s = scene();
    expect(fitSceneToSize(s, 8, 4)).toEqual({ scene: s, note: null });
  });

  it('letterboxes: the whole picture, shape kept, empty bars, and says so', () => {
    const { scene: s, note } = fitSceneToSize(scene(), 8, 8, {
      fit: 'letterbox',
      frame: { cx: 0.5, cy: 0.5, scale: 1 },
    });
    expect(rows(s.objects[0]!.mask, 8)).toEqual([
      '00000000',
      '00000000',
      '11110000',
      '11110000',
      '11110000',
      '11110000',
      '00000000',
      '00000000',
    ]);
    expect(s.objects[0]!.trajectory).toEqual([{ x: 1, y: 3, depth: 0.5 }]);
    expect(note).toMatch(/scene is 8x4 and the pack renders 8x8: the picture was letterboxed/);
  });

  it('crops the centre by default and says how to keep the whole picture', () => {
    const { scene: s, note } = fitSceneToSize(scene(), 4, 4);
    // the centred 4x4 of the 8x4 picture: columns 2..5, half object, half background
    expect(rows(s.objects[0]!.mask, 4)).toEqual(['1100', '1100', '1100', '1100']);
    expect(s.objects[0]!.trajectory).toEqual([{ x: 0, y: 1, depth: 0.5 }]); // left of the crop: clamped to its edge
    expect(note).toMatch(/cropped to its centre .* --fit letterbox or --fit stretch keep the whole picture/);
  });
});
