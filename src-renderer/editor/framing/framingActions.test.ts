import { describe, expect, it } from 'vitest';
import { cropRect } from '../../../src-shared/image/framing';
import { documentForImage } from '../../state/documentSlice';
import { movedFrame, resetCropFrame, resizedFrame, setCropFrame, setFit } from './framingActions';

const image = { width: 1000, height: 1000 };
const target = { width: 288, height: 512 };
const doc = documentForImage({ imageId: 'i', name: 'a.png', width: 1000, height: 1000, url: '/a' });

describe('framing actions', () => {
  it('new documents crop; unchanged edits keep the document (no undo step)', () => {
    expect(doc.framing.fit).toBe('crop');
    expect(setFit(doc, 'crop')).toBe(doc);
    expect(setFit(doc, 'letterbox').framing.fit).toBe('letterbox');
    expect(resetCropFrame(doc)).toBe(doc);
    const moved = setCropFrame(doc, { cx: 0.2, cy: 0.5, scale: 1 });
    expect(moved.framing.frame.cx).toBe(0.2);
    expect(resetCropFrame(moved).framing.frame).toEqual({ cx: 0.5, cy: 0.5, scale: 1 });
  });

  it('moves the frame by a drag and keeps it inside the image', () => {
    const start = cropRect(image, target, doc.framing.frame); // 563 x 1000 centred
    expect(cropRect(image, target, movedFrame(image, target, doc.framing.frame, start, -100, 0)).x).toBe(
      start.x - 100,
    );
    expect(
      cropRect(image, target, movedFrame(image, target, doc.framing.frame, start, -1000, 50)),
    ).toMatchObject({
      x: 0,
      y: 0,
    });
  });

  it('resizes from a corner with the opposite corner held and the aspect kept', () => {
    const start = cropRect(image, target, doc.framing.frame);
    const r = cropRect(image, target, resizedFrame(image, target, start, 2, { x: start.x + 281, y: 400 }));
    expect(r.x).toBe(start.x);
    expect(r.y).toBe(0);
    expect(r.w).toBe(281);
    expect(r.h).toBe(Math.round((281 * 512) / 288));
    const tl = cropRect(image, target, resizedFrame(image, target, start, 0, { x: start.x + 282, y: 500 }));
    expect(tl.x + tl.w).toBe(start.x + start.w);
    expect(tl.y + tl.h).toBe(1000);
  });
});
