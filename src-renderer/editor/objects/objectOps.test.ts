import { beforeEach, describe, expect, it } from 'vitest';
import { documentForImage } from '../../state/documentSlice';
import { startDocument, studioStore } from '../../state/store';
import { segmentUi } from '../segment/segmentUi';
import { updateObject } from './objectActions';
import {
  addObjectAndSelect,
  addObjectFromHint,
  deleteObjectById,
  editableObject,
  moveObjectBy,
  selectAdjacent,
  selectedObject,
} from './objectOps';

const history = () => studioStore.temporal.getState().pastStates.length;

describe('object operations on the studio store', () => {
  beforeEach(() => {
    startDocument(
      studioStore,
      documentForImage({ imageId: 'img', name: 'a.png', width: 8, height: 8, url: '/a' }),
    );
    studioStore.getState().select([]);
    studioStore.setState({ notices: [] });
    segmentUi.setState({ needsObject: false });
  });

  it('adds and selects an object as one undo step; selection is never a step', () => {
    const id = addObjectAndSelect();
    expect(id).toBe('object-1');
    expect(studioStore.getState().selection).toEqual(['object-1']);
    expect(history()).toBe(1);
    selectAdjacent(1);
    expect(history()).toBe(1);
  });

  it('asks for an object when none is selected and replays the click once one is added', () => {
    let replayed: string | undefined;
    expect(editableObject('segment it', () => (replayed = selectedObject()?.id))).toBeUndefined();
    expect(segmentUi.getState().needsObject).toBe(true);
    addObjectFromHint();
    expect(replayed).toBe('object-1');
    expect(segmentUi.getState().needsObject).toBe(false);
  });

  it('refuses to edit a locked object and says how to unlock it', () => {
    const id = addObjectAndSelect()!;
    studioStore.getState().updateDocument((d) => updateObject(d, id, { locked: true }));
    expect(editableObject('paint its mask')).toBeUndefined();
    const notice = studioStore.getState().notices.at(-1);
    expect(notice?.title).toBe('Object 1 is locked');
    expect(notice?.detail).toMatch(/Unlock it in the Objects list/);
  });

  it('moves and deletes, keeping a neighbour selected', () => {
    addObjectAndSelect();
    addObjectAndSelect();
    addObjectAndSelect();
    moveObjectBy('object-3', -2);
    expect(studioStore.getState().document.objects.map((o) => o.id)).toEqual([
      'object-3',
      'object-1',
      'object-2',
    ]);
    deleteObjectById('object-1');
    expect(studioStore.getState().selection).toEqual(['object-2']);
    studioStore.temporal.getState().undo();
    expect(studioStore.getState().document.objects).toHaveLength(3);
  });
});
