import { describe, expect, it } from 'vitest';
import { cropRect } from '../../../src-shared/image/framing';
import { documentForImage, type StudioDocument } from '../../state/documentSlice';
import { canFitFrame, checkFrame } from './frameCheck';
import { describeOutside, frameAdvice, frameRuns } from './frameText';
import { fitFrameToMotion } from './framingActions';
import { maskBounds } from './maskBounds';
import { withSquareMover } from './squareMover';

// A 400x200 landscape image in the default portrait 288x512 frame: the largest centred crop is 112x200 at
// x = 144..256, so most of the image is outside it.
const W = 400;
const H = 200;
const image = { imageId: 'i', name: 'wide.png', width: W, height: H, url: '/images/i' };

function withObject(
  box: [number, number, number, number],
  path: [number, number][],
  frames = 16,
): StudioDocument {
  const d = withSquareMover(documentForImage(image), box, path);
  return { ...d, settings: { ...d.settings, frames } };
}

describe('checkFrame (what the generation frame leaves out)', () => {
  it('names an object wholly outside the crop, and the fit frame holds it and its path', () => {
    const doc = withObject(
      [20, 80, 60, 120],
      [
        [40, 100],
        [100, 100],
      ],
    );
    const r = checkFrame(doc);
    expect(r.outside).toHaveLength(1);
    expect(r.outside[0]).toMatchObject({ name: 'Square', maskOutside: true });
    expect(r.outside[0]!.frames).toHaveLength(16);
    expect(describeOutside(r.outside[0]!, 16)).toBe('Square is not in the frame, so it will not move');
    expect(r.fitsAll).toBe(true);
    expect(canFitFrame(doc, r)).toBe(true);
    const fitted = fitFrameToMotion(doc);
    expect(checkFrame(fitted).outside).toEqual([]);
    // The frame holds the object at its start and end with a margin; a second fit changes nothing.
    const rect = cropRect(image, { width: 288, height: 512 }, fitted.framing.frame);
    expect(rect.x).toBeLessThan(20);
    expect(rect.x + rect.w).toBeGreaterThan(120);
    expect(fitFrameToMotion(fitted)).toBe(fitted);
  });

  it('lists the frames at which a path leaves the frame, numbered from 1 as on the timeline', () => {
    const doc = withObject(
      [190, 90, 210, 110],
      [
        [200, 100],
        [380, 100],
      ],
    );
    const r = checkFrame(doc);
    const o = r.outside[0]!;
    expect(o.maskOutside).toBe(false);
    expect(o.frames[0]).toBeGreaterThan(0);
    expect(o.frames.at(-1)).toBe(15);
    expect(describeOutside(o, 16)).toBe(
      `Square’s path leaves the frame at frames ${o.frames[0]! + 1}–16 (held at the edge there)`,
    );
  });

  it('says when no crop of this shape holds the motion, and what to choose instead', () => {
    const doc = withObject(
      [0, 90, 20, 110],
      [
        [10, 100],
        [390, 100],
      ],
    );
    const r = checkFrame(doc);
    expect(r.fitsAll).toBe(false);
    expect(frameAdvice(doc, r)).toMatch(/choose Letterbox or the landscape frame/);
    // The largest frame over the middle of the path is the frame already there: no fit button then.
    expect(canFitFrame(doc, r)).toBe(false);
  });

  it('letterbox and stretch show the whole image: only a path off the image is outside', () => {
    const doc = withObject(
      [20, 80, 60, 120],
      [
        [40, 100],
        [100, 100],
      ],
    );
    const letterbox = { ...doc, framing: { ...doc.framing, fit: 'letterbox' as const } };
    expect(checkFrame(letterbox).outside).toEqual([]);
    expect(fitFrameToMotion(letterbox)).toBe(letterbox);
    const off = withObject(
      [20, 80, 60, 120],
      [
        [40, 100],
        [40, -80],
      ],
    );
    const stretched = { ...off, framing: { ...off.framing, fit: 'stretch' as const } };
    const r = checkFrame(stretched);
    expect(r.outside[0]!.frames.length).toBeGreaterThan(0);
    expect(frameAdvice(stretched, r)).toMatch(/move its points onto the image/);
  });

  it('ignores hidden, static and path-less objects', () => {
    const doc = withObject(
      [20, 80, 60, 120],
      [
        [40, 100],
        [100, 100],
      ],
    );
    const o = doc.objects[0]!;
    for (const change of [{ visible: false }, { kind: 'static' as const }, { trajectory: null }])
      expect(checkFrame({ ...doc, objects: [{ ...o, ...change }] }).outside).toEqual([]);
  });
});

describe('helpers', () => {
  it('frameRuns joins runs of frames, from 1', () => {
    expect(frameRuns([0, 1, 2, 5, 7, 8])).toBe('1–3, 6, 8–9');
    expect(frameRuns([])).toBe('');
  });

  it('maskBounds finds the inside pixels, and null for an empty mask', () => {
    const doc = withObject([20, 80, 60, 120], [[40, 100]]);
    expect(maskBounds(doc.masks.o1!)).toEqual({ x: 20, y: 80, w: 40, h: 40 });
    expect(maskBounds({ width: 4, height: 4, data: new Uint8Array(16) })).toBeNull();
  });
});
