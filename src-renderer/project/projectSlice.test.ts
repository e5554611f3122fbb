import { describe, expect, it } from 'vitest';
import type { AutoSegment } from '../state/analysisSlice';
import { documentForImage, type Mask, type StudioDocument } from '../state/documentSlice';
import { createStudioStore, redo, undo, type StudioStore } from '../state/store';
import { isDirty, savedStateOf } from './projectSlice';
import { sameContent } from './sameContent';

// The unsaved dot says whether the file would change, whatever the way back to what was saved.
const image = { imageId: 'i1', name: 'lake.png', width: 64, height: 32, url: '/images/i1' };
const mask = (fill: number, at = 0): Mask => {
  const data = new Uint8Array(64 * 32);
  data[at] = fill;
  return { width: 64, height: 32, data };
};
const segment = (m: Mask): AutoSegment => ({ mask: m, area: 1, iou: 0.9 });

function opened(): StudioStore {
  const store = createStudioStore();
  const s = store.getState();
  s.replaceDocument({ ...documentForImage(image), masks: { a: mask(255) } });
  s.setAutoSegments([segment(mask(255, 5))], 'done');
  s.setProject({ path: '/p/lake.levitor', name: 'lake', id: 'p1', saved: savedStateOf(store.getState()) });
  store.temporal.getState().clear();
  return store;
}
const dirty = (store: StudioStore) => isDirty(store.getState());
const edit = (store: StudioStore, recipe: (d: StudioDocument) => StudioDocument) =>
  store.getState().updateDocument(recipe);
const steps = (n: number) => (d: StudioDocument) => ({ ...d, settings: { ...d.settings, steps: n } });

describe('unsaved changes (isDirty)', () => {
  it('is clean after undo and after redo back to the saved state, dirty in between', () => {
    const store = opened();
    expect(dirty(store)).toBe(false);
    edit(store, steps(9));
    expect(dirty(store)).toBe(true);
    undo(store);
    expect(dirty(store)).toBe(false);
    redo(store);
    store.getState().setProject({ ...store.getState().project, saved: savedStateOf(store.getState()) });
    undo(store);
    expect(dirty(store)).toBe(true);
    redo(store);
    expect(dirty(store)).toBe(false);
  });

  it('is clean when edits cancel out: a setting, the frame, a mask painted back, a take renamed back', () => {
    const store = opened();
    edit(store, steps(9));
    edit(store, steps(25));
    expect(dirty(store)).toBe(false);
    edit(store, (d) => ({ ...d, framing: { ...d.framing, frame: { cx: 0.3, cy: 0.5, scale: 1 } } }));
    expect(dirty(store)).toBe(true);
    edit(store, (d) => ({ ...d, framing: { fit: 'crop', frame: { cx: 0.5, cy: 0.5, scale: 1 } } }));
    expect(dirty(store)).toBe(false);
    edit(store, (d) => ({ ...d, masks: { a: mask(0) } }));
    expect(dirty(store)).toBe(true);
    edit(store, (d) => ({ ...d, masks: { a: mask(255) } })); // a new mask, the same pixels
    expect(dirty(store)).toBe(false);
  });

  it('counts Skip and Find (not undo steps) against what the file says', () => {
    const store = opened();
    store.getState().setAutoSegments([], 'skipped');
    expect(dirty(store)).toBe(true);
    store.getState().setAutoSegmentsState('running');
    expect(dirty(store)).toBe(true);
    store.getState().setAutoSegments([segment(mask(255, 5))], 'done'); // found again: the same segments
    expect(dirty(store)).toBe(false);
    store.getState().setAutoSegments([segment(mask(255, 6))], 'done'); // other segments
    expect(dirty(store)).toBe(true);
  });

  it('a recovered project stays unsaved until saved; no image is never unsaved', () => {
    const store = opened();
    store.getState().setProject({ ...store.getState().project, saved: null });
    expect(dirty(store)).toBe(true);
    store.getState().replaceDocument(documentForImage(image));
    store.getState().replaceDocument({ ...store.getState().document, image: null });
    expect(dirty(store)).toBe(false);
  });
});

describe('sameContent', () => {
  it('compares plain data by content and buffers byte by byte', () => {
    expect(sameContent({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameContent({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(sameContent(new Float32Array([1, 2]), new Float32Array([1, 2]))).toBe(true);
    expect(sameContent(new Float32Array([1, 2]), new Uint8Array(8))).toBe(false);
    const big = new Uint8Array(1 << 17);
    expect(sameContent(big, big.slice())).toBe(true);
    const last = big.slice();
    last[(1 << 17) - 1] = 1;
    expect(sameContent(big, last)).toBe(false);
    expect(sameContent(big.subarray(0, 7), last.subarray(0, 7))).toBe(true);
    expect(sameContent(big.subarray(2, 7), new Uint8Array([0, 0, 0, 0, 1]))).toBe(false); // the tail
    expect(sameContent(big.subarray(1, 9), new Uint8Array(8))).toBe(true); // unaligned views
    expect(sameContent(null, {})).toBe(false);
  });
});
