import { createStore, useStore, type StoreApi } from 'zustand';
import { temporal, type TemporalState } from 'zundo';
import { createAnalysisSlice } from './analysisSlice';
import { createAppSlice } from './appSlice';
import { createPlaybackSlice } from './playbackSlice';
import { createDocumentSlice, type StudioDocument } from './documentSlice';
import { createUiSlice } from './uiSlice';
import { createProjectSlice } from '../project/projectSlice';
import type { StudioState } from './types';
import type { Take } from '../../src-shared/project/schema';

interface HistoryData {
  readonly document: StudioDocument;
}

export type StudioStore = StoreApi<StudioState> & { temporal: StoreApi<TemporalState<HistoryData>> };

/**
 * One store of typed slices with middleware on the combined store only (docs/design.md rule 6). History holds
 * the document alone; the equality check means UI and app changes (viewport, selection, notices) never
 * add undo steps and never clear redo. Document updates are immutable, so identity is enough.
 */
export function createStudioStore(): StudioStore {
  return createStore<StudioState>()(
    temporal(
      (set, get) => ({
        ...createDocumentSlice(set, get),
        ...createUiSlice(set, get),
        ...createAppSlice(set, get),
        ...createAnalysisSlice(set, get),
        ...createPlaybackSlice(set, get),
        ...createProjectSlice(set, get),
      }),
      {
        partialize: (s): HistoryData => ({ document: s.document }),
        equality: (a, b) => a.document === b.document,
        limit: 200,
      },
    ),
  );
}

/** Starts a fresh document: the previous image's history must not be undoable into the new one. */
export function startDocument(store: StudioStore, document: StudioDocument): void {
  endGesture(store);
  store.getState().replaceDocument(document);
  store.getState().setDepth(null);
  store.getState().setAutoSegments([], 'idle');
  store.temporal.getState().clear();
}

const gestures = new WeakMap<StudioStore, StudioDocument>();

/**
 * A drag or brush stroke is one undo step: history pauses while the gesture runs, and endGesture
 * records the change from the document before the gesture to the one after it as a single step
 * (by restoring the "before" document unrecorded, then setting "after" recorded).
 */
export function beginGesture(store: StudioStore = studioStore): void {
  endGesture(store);
  gestures.set(store, store.getState().document);
  store.temporal.getState().pause();
}

/** Ends the current gesture (no-op without one); later edits record again. */
export function endGesture(store: StudioStore = studioStore): void {
  const before = gestures.get(store);
  if (before === undefined) return;
  gestures.delete(store);
  const after = store.getState().document;
  if (after !== before) store.getState().replaceDocument(before);
  store.temporal.getState().resume();
  if (after !== before) store.getState().replaceDocument(after);
}

/** Undo/redo; a gesture still running ends first (it becomes the step that is undone). */
function travel(store: StudioStore, direction: 'undo' | 'redo'): void {
  endGesture(store);
  store.temporal.getState()[direction]();
}

export function undo(store: StudioStore = studioStore): void {
  travel(store, 'undo');
}

export function redo(store: StudioStore = studioStore): void {
  travel(store, 'redo');
}

/** Applies a change outside the undo history (e.g. a finished generation adding its take). */
export function updateUnrecorded(
  recipe: (doc: StudioDocument) => StudioDocument,
  store: StudioStore = studioStore,
): void {
  const paused = store.temporal.getState().isTracking === false;
  if (!paused) store.temporal.getState().pause();
  store.getState().updateDocument(recipe);
  if (!paused) store.temporal.getState().resume();
}

/**
 * Takes are results, not edits: a finished generation's take joins the document outside the undo
 * history, and every state of the history gets it too, as if it had always been there. So undo never
 * drops a take made since (a generation is not undone), while what the artist did to takes is an edit
 * like any other: undo brings a deleted take back, redo deletes it again, and so does a rename or star.
 */
export function addResultTake(take: Take, store: StudioStore = studioStore): void {
  const add = (d: StudioDocument): StudioDocument =>
    d.takes.some((t) => t.id === take.id) ? d : { ...d, takes: [...d.takes, take] };
  updateUnrecorded(add, store);
  const withTake = (h: Partial<HistoryData>): Partial<HistoryData> =>
    h.document ? { ...h, document: add(h.document) } : h;
  const { pastStates, futureStates } = store.temporal.getState();
  store.temporal.setState({ pastStates: pastStates.map(withTake), futureStates: futureStates.map(withTake) });
}

export const studioStore = createStudioStore();

/** Components select the narrowest slice of state they need so unrelated updates skip their render. */
export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(studioStore, selector);
}

export function useHistory<T>(selector: (s: TemporalState<HistoryData>) => T): T {
  return useStore(studioStore.temporal, selector);
}
