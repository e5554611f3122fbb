import { describe, expect, it } from 'vitest';
import { documentForImage, type Mask } from '../../state/documentSlice';
import { createStudioStore, startDocument } from '../../state/store';
import { addObject } from '../objects/objectActions';
import { withPoint } from './promptActions';
import { createSegmenter, errorCode, type SegmentJob } from './segmenter';
import { segmentUi } from './segmentUi';

const mask = (v: number): Mask => ({ width: 2, height: 1, data: Uint8Array.from([v, 0]) });

function setup() {
  const store = createStudioStore();
  startDocument(
    store,
    addObject(documentForImage({ imageId: 'i', name: 'n', width: 2, height: 1, url: '/' })),
  );
  const calls: { job: SegmentJob; resolve: (m: Mask) => void; reject: (e: unknown) => void }[] = [];
  const errors: unknown[] = [];
  const request = createSegmenter(
    store,
    (job) => new Promise<Mask>((resolve, reject) => calls.push({ job, resolve, reject })),
    (e) => errors.push(e),
  );
  return { store, calls, errors, request };
}
const flush = () => new Promise((r) => setTimeout(r, 0));
const p1 = withPoint({ points: [], box: null }, { x: 0, y: 0, label: 1 });
const p2 = withPoint(p1, { x: 1, y: 0, label: 0 });
const p3 = withPoint(p2, { x: 1, y: 0, label: 1 });

describe('click-to-segment requests', () => {
  it('shows the clicked point at once and commits it with its mask as one undo step', async () => {
    const { store, calls, request } = setup();
    request('object-1', p1);
    expect(segmentUi.getState().pending?.points).toEqual(p1.points);
    expect(segmentUi.getState().busy).toBe(true);
    expect(store.getState().document.objects[0]!.prompts.points).toEqual([]);
    calls[0]!.resolve(mask(255));
    await flush();
    expect(store.getState().document.objects[0]!.prompts).toBe(p1);
    expect(store.getState().document.masks['object-1']!.data[0]).toBe(255);
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    expect(segmentUi.getState()).toMatchObject({ busy: false, pending: null });
  });

  it('coalesces clicks made while a request runs: only the latest prompt set is sent next', async () => {
    const { store, calls, request } = setup();
    request('object-1', p1);
    request('object-1', p2);
    request('object-1', p3);
    expect(calls).toHaveLength(1);
    calls[0]!.resolve(mask(1));
    await flush();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.job.prompts).toBe(p3);
    calls[1]!.resolve(mask(3));
    await flush();
    expect(store.getState().document.objects[0]!.prompts).toBe(p3);
    expect(store.getState().document.masks['object-1']!.data[0]).toBe(3);
  });

  it('drops answers for a deleted object and reports errors without changing the document', async () => {
    const { store, calls, errors, request } = setup();
    request('object-1', p1);
    const before = store.getState().document;
    const failure = Object.assign(new Error('no model'), { code: 'models/not-installed' });
    calls[0]!.reject(failure);
    await flush();
    expect(errors).toEqual([failure]);
    expect(errorCode(failure)).toBe('models/not-installed');
    expect(errorCode(new Error('[models/not-installed] no model'))).toBe('models/not-installed');
    expect(store.getState().document).toBe(before);
    expect(segmentUi.getState().pending).toBeNull();
    request('object-1', p1);
    store.getState().updateDocument((d) => ({ ...d, objects: [] }));
    calls[1]!.resolve(mask(255));
    await flush();
    expect(store.getState().document.masks).toEqual({});
  });
});
