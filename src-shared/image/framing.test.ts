import { describe, expect, it } from 'vitest';
import {
  CENTRED_FRAME,
  cropRect,
  frameFloat,
  frameFromRect,
  frameMask,
  framePixel,
  frameRgb8,
  frameToImage,
  imageToFrame,
  placeFrame,
  type Framing,
} from './framing';

const portrait = { width: 288, height: 512 };
const landscapeImage = { width: 451, height: 300 };
const crop = (frame = CENTRED_FRAME): Framing => ({ fit: 'crop', frame });

describe('placeFrame', () => {
  it('stretch maps the whole image onto the whole frame', () => {
    const pl = placeFrame(landscapeImage, portrait, { fit: 'stretch', frame: CENTRED_FRAME });
    expect(pl.src).toEqual({ x: 0, y: 0, w: 451, h: 300 });
    expect(pl.dst).toEqual({ x: 0, y: 0, w: 288, h: 512 });
  });

  it('crop takes the largest centred rectangle of the frame aspect by default', () => {
    const pl = placeFrame(landscapeImage, portrait, crop());
    // 300 high, 300 * 288/512 = 168.75 -> 169 wide, centred in 451
    expect(pl.src).toEqual({ x: 141, y: 0, w: 169, h: 300 });
    expect(pl.dst).toEqual({ x: 0, y: 0, w: 288, h: 512 });
  });

  it('crop keeps a scaled, moved frame inside the image', () => {
    const r = cropRect(landscapeImage, portrait, { cx: 0.99, cy: 0.01, scale: 0.5 });
    expect(r.w).toBe(84);
    expect(r.h).toBe(150);
    expect(r.x + r.w).toBe(451); // pushed back inside at the right
    expect(r.y).toBe(0);
    const tooSmall = cropRect(landscapeImage, portrait, { cx: 0.5, cy: 0.5, scale: 0.001 });
    expect(tooSmall.h).toBe(Math.round(300 / 8));
  });

  it('frameFromRect inverts cropRect', () => {
    const f = { cx: 0.3, cy: 0.6, scale: 0.7 };
    const r = cropRect(landscapeImage, portrait, f);
    expect(cropRect(landscapeImage, portrait, frameFromRect(landscapeImage, portrait, r))).toEqual(r);
  });

  it('letterbox centres the whole image with its aspect kept', () => {
    const pl = placeFrame(landscapeImage, portrait, { fit: 'letterbox', frame: CENTRED_FRAME });
    expect(pl.src).toEqual({ x: 0, y: 0, w: 451, h: 300 });
    // k = 288/451; height 300k = 191.57 -> 192, centred: (512 - 192) / 2 = 160
    expect(pl.dst).toEqual({ x: 0, y: 160, w: 288, h: 192 });
  });

  it('maps points both ways and clamps driving pixels into the frame', () => {
    const pl = placeFrame(landscapeImage, portrait, crop());
    const p = { x: 200, y: 150 };
    const f = imageToFrame(p, pl);
    expect(frameToImage(f, pl).x).toBeCloseTo(200, 9);
    expect(frameToImage(f, pl).y).toBeCloseTo(150, 9);
    expect(framePixel({ x: 141, y: 0 }, pl)).toEqual({ x: 0, y: 0 });
    expect(framePixel({ x: 0, y: 299.9 }, pl)).toEqual({ x: 0, y: 511 }); // left of the crop: clamped
  });
});

describe('frame maps', () => {
  const image = { width: 4, height: 2 };
  // columns 0..3 carry their index, rows alike
  const mask = Uint8Array.from({ length: 8 }, (_, i) => i % 4);
  const target = { width: 2, height: 2 };

  it('crop samples the mask under each frame pixel, letterbox leaves the bars empty', () => {
    const pl = placeFrame(image, target, crop({ cx: 0.75, cy: 0.5, scale: 1 }));
    expect(pl.src).toEqual({ x: 2, y: 0, w: 2, h: 2 });
    expect([...frameMask(mask, 4, 2, image, pl)]).toEqual([2, 3, 2, 3]);
    const lb = placeFrame(image, { width: 4, height: 4 }, { fit: 'letterbox', frame: CENTRED_FRAME });
    expect(lb.dst).toEqual({ x: 0, y: 1, w: 4, h: 2 });
    expect([
      ...frameMask(
        Uint8Array.from(mask, (v) => v + 1),
        4,
        2,
        image,
        lb,
      ),
    ]).toEqual([0, 0, 0, 0, 1, 2, 3, 4, 1, 2, 3, 4, 0, 0, 0, 0]);
  });

  it('reads a mask smaller than the image in image proportion', () => {
    const half = Uint8Array.of(10, 20); // 2x1 over the 4x2 image
    const pl = placeFrame(image, { width: 4, height: 2 }, { fit: 'stretch', frame: CENTRED_FRAME });
    expect([...frameMask(half, 2, 1, image, pl)]).toEqual([10, 10, 20, 20, 10, 10, 20, 20]);
  });

  it('depth is bilinear inside dst and continues its edges into the bars', () => {
    const depth = Float32Array.of(0, 1, 2, 3, 0, 1, 2, 3);
    const lb = placeFrame(image, { width: 4, height: 4 }, { fit: 'letterbox', frame: CENTRED_FRAME });
    const out = frameFloat(depth, 4, 2, image, lb);
    expect([...out.subarray(0, 4)]).toEqual([0, 1, 2, 3]);
    expect([...out.subarray(12, 16)]).toEqual([0, 1, 2, 3]);
    const st = placeFrame(image, { width: 8, height: 2 }, { fit: 'stretch', frame: CENTRED_FRAME });
    expect([...frameFloat(depth, 4, 2, image, st).subarray(0, 8)]).toEqual([
      0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3,
    ]);
  });

  it('the image is src resized to dst and pasted on black', () => {
    const rgb = Uint8Array.from({ length: 4 * 2 * 3 }, (_, i) => 10 + i);
    const calls: unknown[] = [];
    const resize = (px: Uint8Array, w: number, h: number, ow: number, oh: number, box: object) => {
      calls.push([px, w, h, ow, oh, box]);
      return new Uint8Array(ow * oh * 3).fill(200);
    };
    const pl = placeFrame(image, target, crop({ cx: 0.75, cy: 0.5, scale: 1 }));
    frameRgb8(rgb, image, pl, resize);
    expect(calls[0]).toEqual([rgb, 4, 2, 2, 2, { x0: 2, y0: 0, x1: 4, y1: 2 }]);
    const lb = placeFrame(image, { width: 4, height: 4 }, { fit: 'letterbox', frame: CENTRED_FRAME });
    const out = frameRgb8(rgb, image, lb, resize);
    expect(out.subarray(0, 12).every((v) => v === 0)).toBe(true);
    expect(out.subarray(12, 36).every((v) => v === 200)).toBe(true);
    expect(out.subarray(36).every((v) => v === 0)).toBe(true);
  });
});
