import { describe, expect, it } from 'vitest';
import type { Take } from '../../src-shared/project/schema';
import {
  addResultTake,
  beginGesture,
  createStudioStore,
  endGesture,
  redo,
  startDocument,
  undo,
} from './store';
import { EMPTY_DOCUMENT, documentForImage, type StudioDocument } from './documentSlice';

const doc = (imageId: string): StudioDocument =>
  documentForImage({ imageId, name: `${imageId}.png`, width: 64, height: 32, url: `/images/${imageId}` });

describe('studio store', () => {
  it('undoes and redoes document changes', () => {
    const store = createStudioStore();
    store.getState().replaceDocument(doc('a'));
    store.getState().replaceDocument(doc('b'));
    expect(store.temporal.getState().pastStates).toHaveLength(2);
    store.temporal.getState().undo();
    expect(store.getState().document.image?.imageId).toBe('a');
    store.temporal.getState().undo();
    expect(store.getState().document).toBe(EMPTY_DOCUMENT);
    store.temporal.getState().redo();
    expect(store.getState().document.image?.imageId).toBe('a');
  });

  it('never records viewport, selection or notices, and keeps redo through them', () => {
    const store = createStudioStore();
    store.getState().replaceDocument(doc('a'));
    store.temporal.getState().undo();
    expect(store.temporal.getState().futureStates).toHaveLength(1);
    const s = store.getState();
    s.setViewport({ scale: 2, x: 5, y: 6 });
    s.select(['object-1']);
    s.pushNotice({ level: 'info', title: 'hello' });
    s.setStageSize({ width: 300, height: 200 });
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    expect(store.temporal.getState().futureStates).toHaveLength(1);
    store.temporal.getState().redo();
    expect(store.getState().document.image?.imageId).toBe('a');
    // UI state is untouched by undo/redo.
    expect(store.getState().viewport).toEqual({ scale: 2, x: 5, y: 6 });
    expect(store.getState().selection).toEqual(['object-1']);
  });

  it('keeps takes through undo and redo: a take is a result, not an edit', () => {
    const store = createStudioStore();
    store.getState().replaceDocument(doc('a'));
    store.getState().updateDocument((d) => ({ ...d, settings: { ...d.settings, steps: 9 } }));
    const take = { id: 'take-1' } as unknown as Take;
    addResultTake(take, store);
    // Adding the take is not an undo step: the last step is still the settings edit.
    expect(store.temporal.getState().pastStates).toHaveLength(2);
    undo(store);
    expect(store.getState().document.settings.steps).not.toBe(9);
    expect(store.getState().document.takes).toEqual([take]);
    undo(store);
    expect(store.getState().document.image).toBeNull();
    expect(store.getState().document.takes).toEqual([take]);
    redo(store);
    redo(store);
    expect(store.getState().document.settings.steps).toBe(9);
    expect(store.getState().document.takes).toEqual([take]);
    // Travelling did not add steps of its own.
    expect(store.temporal.getState().pastStates).toHaveLength(2);
    expect(store.temporal.getState().futureStates).toHaveLength(0);
  });

  it('undoes a take delete and redoes it again; takes made meanwhile stay', () => {
    const store = createStudioStore();
    store.getState().replaceDocument(doc('a'));
    const [t1, t2, t3] = ['t1', 't2', 't3'].map((id) => ({ id }) as unknown as Take);
    addResultTake(t1 as Take, store);
    addResultTake(t2 as Take, store);
    const ids = () => store.getState().document.takes.map((t) => t.id);
    store.getState().updateDocument((d) => ({ ...d, takes: d.takes.filter((t) => t.id !== 't1') }));
    expect(ids()).toEqual(['t2']);
    undo(store);
    expect(ids()).toEqual(['t1', 't2']);
    // A generation finishing between undo and redo is kept by both.
    addResultTake(t3 as Take, store);
    redo(store);
    expect(ids()).toEqual(['t2', 't3']);
    undo(store);
    expect(ids()).toEqual(['t1', 't2', 't3']);
    redo(store);
    expect(ids()).toEqual(['t2', 't3']);
    expect(store.temporal.getState().futureStates).toHaveLength(0);
  });

  it('starts a new document with empty history', () => {
    const store = createStudioStore();
    store.getState().replaceDocument(doc('a'));
    startDocument(store, doc('b'));
    expect(store.getState().document.image?.imageId).toBe('b');
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    expect(store.temporal.getState().futureStates).toHaveLength(0);
  });

  it('turns auto-fit off on manual viewport changes only when asked', () => {
    const store = createStudioStore();
    expect(store.getState().autoFit).toBe(true);
    store.getState().setViewport({ scale: 0.5, x: 0, y: 0 }, true);
    expect(store.getState().autoFit).toBe(true);
    store.getState().setViewport({ scale: 0.6, x: 0, y: 0 });
    expect(store.getState().autoFit).toBe(false);
  });

  it('deduplicates repeated notices and keeps only the latest few', () => {
    const store = createStudioStore();
    const s = store.getState();
    s.pushNotice({ level: 'error', title: 'Not an image', detail: 'x' });
    s.pushNotice({ level: 'error', title: 'Not an image', detail: 'x' });
    expect(store.getState().notices).toHaveLength(1);
    for (let i = 0; i < 6; i++) s.pushNotice({ level: 'info', title: `n${i}` });
    const titles = store.getState().notices.map((n) => n.title);
    expect(titles).toEqual(['n2', 'n3', 'n4', 'n5']);
    s.dismissNotice(store.getState().notices[0]!.id);
    expect(store.getState().notices.map((n) => n.title)).toEqual(['n3', 'n4', 'n5']);
  });

  it('records a whole gesture as one undo step, and later edits as their own steps', () => {
    const store = createStudioStore();
    startDocument(store, doc('a'));
    const rename = (name: string) =>
      store.getState().updateDocument((d) => ({ ...d, image: d.image && { ...d.image, name } }));
    beginGesture(store);
    rename('1');
    rename('2');
    rename('3');
    endGesture(store);
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    rename('4');
    expect(store.temporal.getState().pastStates).toHaveLength(2);
    store.temporal.getState().undo();
    expect(store.getState().document.image?.name).toBe('3');
    store.temporal.getState().undo();
    expect(store.getState().document.image?.name).toBe('a.png');
  });

  it('an update that returns the same document is not a step', () => {
    const store = createStudioStore();
    startDocument(store, doc('a'));
    store.getState().updateDocument((d) => d);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });
});
