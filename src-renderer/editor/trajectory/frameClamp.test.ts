import { describe, expect, it } from 'vitest';
import { CENTRED_FRAME, framePixel } from '../../../src-shared/image/framing';
import { clampedEdges, clampedPoint, placementOf } from './frameClamp';

// A 1280 x 720 landscape image cropped to the method's 288 x 512 portrait frame: a 405 x 720 crop.
const image = { width: 1280, height: 720 };
const crop = placementOf(image, '288x512', { fit: 'crop', frame: CENTRED_FRAME });
const letterbox = placementOf(image, '288x512', { fit: 'letterbox', frame: CENTRED_FRAME });

describe('trajectory points outside the frame', () => {
  it('leaves points inside the crop alone', () => {
    expect(crop.src).toEqual({ x: 438, y: 0, w: 405, h: 720 });
    expect(clampedPoint({ x: 640, y: 360 }, crop)).toBeNull();
    expect(clampedPoint({ x: 438, y: 0 }, crop)).toBeNull();
  });

  it('says where the control signal pulls a point outside the crop (the nearest frame pixel)', () => {
    const p = { x: 200, y: 300 };
    const c = clampedPoint(p, crop)!;
    // the frame pixel the engine uses is the clamped one: column 0, the point's row
    const px = framePixel(p, crop);
    expect(px.x).toBe(0);
    expect(c.x).toBeCloseTo(438 + (0.5 * 405) / 288, 9);
    expect(c.y).toBeCloseTo(((px.y + 0.5) * 720) / 512, 9);
    expect(clampedEdges(p, crop)).toBe('left edge');
    expect(clampedEdges({ x: 1200, y: 800 }, crop)).toBe('right and bottom edges');
  });

  it('letterbox keeps the whole image in frame: only points beyond the frame are clamped', () => {
    expect(letterbox.dst).toEqual({ x: 0, y: 175, w: 288, h: 162 });
    expect(clampedPoint({ x: 5, y: 5 }, letterbox)).toBeNull();
    expect(clampedPoint({ x: 1279, y: 719 }, letterbox)).toBeNull();
    // above the image but inside the bar: a frame pixel like any other
    expect(clampedPoint({ x: 640, y: -100 }, letterbox)).toBeNull();
    expect(clampedEdges({ x: -50, y: 360 }, letterbox)).toBe('left edge');
    expect(clampedPoint({ x: -50, y: 360 }, letterbox)!.x).toBeCloseTo(0.5 / 0.225, 9);
  });
});
