import type { EditorObject, Mask } from '../../state/documentSlice';
import { studioStore } from '../../state/store';
import type { StudioState } from '../../state/types';
import { segmentUi } from '../segment/segmentUi';
import { addObject, deleteObject, findObject, moveObject, nextObjectId } from './objectActions';

/**
 * Store-facing object operations shared by the objects panel, the commands and the canvas hint. Document
 * edits go through updateDocument (one undo step each); selection through select (never a step).
 */

/** The object edited by the tools: the first selected id that still exists (undo may remove it). */
export function selectedObject(state: StudioState = studioStore.getState()): EditorObject | undefined {
  return findObject(state.document, state.selection[0]);
}

export function addObjectAndSelect(
  options: { kind?: EditorObject['kind']; mask?: Mask } = {},
): string | null {
  const s = studioStore.getState();
  if (!s.document.image) return null;
  const id = nextObjectId(s.document);
  s.updateDocument((d) => addObject(d, { ...options, id }));
  if (!findObject(studioStore.getState().document, id)) return null;
  s.select([id]);
  segmentUi.setState({ needsObject: false });
  return id;
}

export function deleteObjectById(id: string): void {
  const s = studioStore.getState();
  const index = s.document.objects.findIndex((o) => o.id === id);
  if (index < 0) return;
  s.updateDocument((d) => deleteObject(d, id));
  // Keep a selection so Delete can be pressed repeatedly: the neighbour that took its place.
  const objects = studioStore.getState().document.objects;
  const neighbour = objects[Math.min(index, objects.length - 1)];
  s.select(neighbour ? [neighbour.id] : []);
}

export function moveObjectBy(id: string, delta: number): void {
  const s = studioStore.getState();
  const index = s.document.objects.findIndex((o) => o.id === id);
  if (index >= 0) s.updateDocument((d) => moveObject(d, id, index + delta));
}

/** Selects the object `delta` rows away from the selected one (wrapping stops at the ends). */
export function selectAdjacent(delta: number): void {
  const s = studioStore.getState();
  const { objects } = s.document;
  if (objects.length === 0) return;
  const index = objects.findIndex((o) => o.id === s.selection[0]);
  const next = index < 0 ? (delta > 0 ? 0 : objects.length - 1) : index + delta;
  const target = objects[Math.max(0, Math.min(objects.length - 1, next))];
  if (target) s.select([target.id]);
}

/** What the user tried before an object existed (a segment click): replayed once one is added. */
let replay: (() => void) | null = null;

/**
 * The object a canvas edit applies to, or undefined after telling the user why not (no dead ends): no
 * object selected shows the "add an object" hint (and `retry` runs if they add one from it); a locked
 * one says how to unlock it.
 */
export function editableObject(action: string, retry?: () => void): EditorObject | undefined {
  const obj = selectedObject();
  if (!obj) {
    replay = retry ?? null;
    segmentUi.setState({ needsObject: true });
    return undefined;
  }
  if (obj.locked) {
    studioStore.getState().pushNotice({
      level: 'warning',
      title: `${obj.name} is locked`,
      detail: `Unlock it in the Objects list (the lock button) to ${action}.`,
    });
    return undefined;
  }
  return obj;
}

/** The hint's "Add object": adds and selects one, then replays the click that needed it. */
export function addObjectFromHint(): void {
  const again = replay;
  replay = null;
  if (addObjectAndSelect()) again?.();
}

/** The hint was dismissed or became moot: forget the click it would have replayed. */
export function dismissObjectHint(): void {
  replay = null;
  segmentUi.setState({ needsObject: false });
}
