import { describe, expect, it } from 'vitest';
import { savedStateOf } from '../../project/projectSlice';
import { documentForImage, type StudioDocument } from '../../state/documentSlice';
import { createStudioStore, undo, type StudioStore } from '../../state/store';
import { installAutoFrame, markFramePlaced } from './autoFrame';
import { withSquareMover } from './squareMover';

// 400x200 landscape in the portrait crop: the centred frame is x = 144..256; the object is at x = 20..60.
const CENTRED = { cx: 0.5, cy: 0.5, scale: 1 };

function newProject(imageId: string, path: string | null = null): StudioStore {
  const store = createStudioStore();
  const s = store.getState();
  s.replaceDocument(documentForImage({ imageId, name: 'wide.png', width: 400, height: 200, url: '/i' }));
  s.setProject({ path, name: 'wide', id: null, saved: savedStateOf(store.getState()) });
  store.temporal.getState().clear();
  installAutoFrame(store);
  return store;
}

const addMover = (d: StudioDocument): StudioDocument =>
  withSquareMover(
    d,
    [20, 80, 60, 120],
    [
      [40, 100],
      [100, 100],
    ],
  );

describe('the frame of a new project follows its first motion (once)', () => {
  it('moves the centred frame over it in the same undo step, says so, and the notice goes with an undo', () => {
    const store = newProject('a1');
    store.getState().updateDocument(addMover);
    const { framing, objects } = store.getState().document;
    expect(framing.frame.cx * 400).toBeLessThan(100);
    expect(store.getState().notices.map((n) => n.title)).toEqual(['Frame moved to hold the motion']);
    undo(store);
    expect(store.getState().document.objects).toEqual([]);
    expect(store.getState().document.framing.frame).toEqual(CENTRED);
    expect(store.getState().notices).toEqual([]);
    // once per image: the same motion again stays where the artist left the frame
    store.getState().updateDocument(addMover);
    expect(store.getState().document.framing.frame).toEqual(CENTRED);
    expect(objects).toHaveLength(1);
  });

  it('never moves the frame of a project with a file, or one the artist placed', () => {
    const saved = newProject('a2', '/p/wide.levitor');
    saved.getState().updateDocument(addMover);
    expect(saved.getState().document.framing.frame).toEqual(CENTRED);
    const placed = newProject('a3');
    markFramePlaced('a3');
    placed.getState().updateDocument(addMover);
    expect(placed.getState().document.framing.frame).toEqual(CENTRED);
    expect(placed.getState().notices).toEqual([]);
  });
});
