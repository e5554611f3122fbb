import { describe, expect, it } from 'vitest';
import { documentForImage } from '../state/documentSlice';
import { createStudioStore } from '../state/store';
import { analysing, whenAnalysed } from './whenAnalysed';

const doc = (imageId: string) => documentForImage({ imageId, name: 'a.png', width: 4, height: 2, url: '/a' });

describe('waiting for the scene analysis before a generation', () => {
  it('resolves at once when nothing is running', async () => {
    const store = createStudioStore();
    store.getState().replaceDocument(doc('a'));
    expect(analysing(store.getState())).toBe(false);
    await expect(whenAnalysed(store)).resolves.toBe(true);
  });

  it('waits for both depth and the segments', async () => {
    const store = createStudioStore();
    store.getState().replaceDocument(doc('a'));
    store.getState().setAutoSegmentsState('running');
    store.getState().setDepth(null, 'running');
    let result: boolean | null = null;
    const waiting = whenAnalysed(store).then((r) => (result = r));
    store.getState().setAutoSegments([], 'done');
    await Promise.resolve();
    expect(result).toBeNull(); // depth still running
    store.getState().setDepth(null, 'failed'); // a failure ends the wait too
    await waiting;
    expect(result).toBe(true);
  });

  it('gives up when another image is opened meanwhile', async () => {
    const store = createStudioStore();
    store.getState().replaceDocument(doc('a'));
    store.getState().setAutoSegmentsState('running');
    const waiting = whenAnalysed(store);
    store.getState().replaceDocument(doc('b'));
    await expect(waiting).resolves.toBe(false);
  });
});
