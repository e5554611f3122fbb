import { describe, expect, it } from 'vitest';
import { documentForImage, type Mask, type StudioDocument } from '../../state/documentSlice';
import {
  OBJECT_COLOURS,
  addObject,
  deleteObject,
  maskArea,
  moveObject,
  nextObjectId,
  renameObject,
  setMask,
  updateObject,
} from './objectActions';

const base = (): StudioDocument =>
  documentForImage({ imageId: 'img', name: 'a.png', width: 4, height: 2, url: '/a' });
const mask = (bits: number[]): Mask => ({ width: 4, height: 2, data: Uint8Array.from(bits) });

describe('object actions', () => {
  it('adds objects with defaults, distinct ids and palette colours', () => {
    const d = addObject(addObject(base()));
    expect(d.objects.map((o) => o.id)).toEqual(['object-1', 'object-2']);
    expect(d.objects[0]).toMatchObject({
      kind: 'moving',
      visible: true,
      locked: false,
      prompts: { points: [], box: null },
      trajectory: null,
      name: 'Object 1',
    });
    expect(d.objects[0]!.colour).toBe(OBJECT_COLOURS[0]);
    expect(d.objects[1]!.colour).toBe(OBJECT_COLOURS[1]);
  });

  it('adds a static object with a mask (from an automatic segment)', () => {
    const m = mask([255, 0, 0, 0, 0, 0, 0, 255]);
    const d = addObject(base(), { kind: 'static', mask: m });
    expect(d.objects[0]!.kind).toBe('static');
    expect(d.objects[0]!.name).toBe('Static 1');
    expect(d.masks['object-1']).toBe(m);
    expect(maskArea(m)).toBe(2);
  });

  it('never reuses an id still in use after a delete', () => {
    let d = addObject(addObject(base()));
    d = deleteObject(d, 'object-1');
    expect(nextObjectId(d)).toBe('object-3');
  });

  it('deletes an object and its mask; unknown ids are no-ops', () => {
    let d = addObject(base(), { mask: mask([255, 0, 0, 0, 0, 0, 0, 0]) });
    expect(deleteObject(d, 'nope')).toBe(d);
    d = deleteObject(d, 'object-1');
    expect(d.objects).toHaveLength(0);
    expect(d.masks).toEqual({});
  });

  it('reorders with clamping and returns the same document when nothing moves', () => {
    const d = addObject(addObject(addObject(base())));
    expect(moveObject(d, 'object-3', 0).objects.map((o) => o.id)).toEqual([
      'object-3',
      'object-1',
      'object-2',
    ]);
    expect(moveObject(d, 'object-1', 99).objects.map((o) => o.id)).toEqual([
      'object-2',
      'object-3',
      'object-1',
    ]);
    expect(moveObject(d, 'object-2', 1)).toBe(d);
    expect(moveObject(d, 'missing', 0)).toBe(d);
  });

  it('renames (trimmed; empty names refused) and toggles properties', () => {
    const d = addObject(base());
    expect(renameObject(d, 'object-1', '  Balloon ').objects[0]!.name).toBe('Balloon');
    expect(renameObject(d, 'object-1', '   ')).toBe(d);
    const hidden = updateObject(d, 'object-1', { visible: false, locked: true, kind: 'static' });
    expect(hidden.objects[0]).toMatchObject({ visible: false, locked: true, kind: 'static' });
    expect(updateObject(d, 'object-1', { visible: true })).toBe(d);
  });

  it('sets and removes masks', () => {
    const d = addObject(base());
    const m = mask([0, 0, 0, 0, 255, 255, 0, 0]);
    const withMask = setMask(d, 'object-1', m);
    expect(withMask.masks['object-1']).toBe(m);
    expect(setMask(withMask, 'object-1', m)).toBe(withMask);
    expect(setMask(withMask, 'object-1', null).masks).toEqual({});
    expect(setMask(d, 'ghost', m)).toBe(d);
  });
});
