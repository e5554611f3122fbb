import { describe, expect, it } from 'vitest';
import { documentForImage, type Mask } from '../../state/documentSlice';
import { addObject } from '../objects/objectActions';
import { pointNear, setPromptsAndMask, withBox, withPoint, withoutPoint } from './promptActions';

const empty = { points: [], box: null };

describe('prompt edits', () => {
  it('appends points with their labels and normalises boxes', () => {
    const p = withPoint(withPoint(empty, { x: 1, y: 2, label: 1 }), { x: 5, y: 6, label: 0 });
    expect(p.points).toEqual([
      { x: 1, y: 2, label: 1 },
      { x: 5, y: 6, label: 0 },
    ]);
    expect(withBox(p, [10, 20, 2, 4]).box).toEqual([2, 4, 10, 20]);
  });

  it('finds and removes the nearest point within a radius', () => {
    const p = withPoint(withPoint(empty, { x: 0, y: 0, label: 1 }), { x: 10, y: 0, label: 1 });
    expect(pointNear(p, 9, 1, 3)).toBe(1);
    expect(pointNear(p, 5, 5, 3)).toBe(-1);
    expect(withoutPoint(p, 0).points).toEqual([{ x: 10, y: 0, label: 1 }]);
    expect(withoutPoint(p, 7)).toBe(p);
  });

  it('stores prompts and the resulting mask in one document change', () => {
    const doc = addObject(documentForImage({ imageId: 'i', name: 'n', width: 2, height: 1, url: '/' }));
    const mask: Mask = { width: 2, height: 1, data: Uint8Array.from([255, 0]) };
    const prompts = withPoint(empty, { x: 0, y: 0, label: 1 });
    const next = setPromptsAndMask(doc, 'object-1', prompts, mask);
    expect(next.objects[0]!.prompts).toBe(prompts);
    expect(next.masks['object-1']).toBe(mask);
    expect(setPromptsAndMask(next, 'object-1', empty, null).masks).toEqual({});
    expect(setPromptsAndMask(doc, 'ghost', prompts, mask)).toBe(doc);
  });
});
