import { createStore, useStore, type StoreApi } from 'zustand';
import { temporal, type TemporalState } from 'zundo';
import { createAppSlice } from './appSlice';
import { createDocumentSlice, type StudioDocument } from './documentSlice';
import { createUiSlice } from './uiSlice';
import type { StudioState } from './types';

interface HistoryData {
  readonly document: StudioDocument;
}

export type StudioStore = StoreApi<StudioState> & { temporal: StoreApi<TemporalState<HistoryData>> };

/**
 * One store of typed slices with middleware on the combined store only (DESIGN.md rule 6). History holds
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
  store.getState().replaceDocument(document);
  store.temporal.getState().clear();
}

export const studioStore = createStudioStore();

/** Components select the narrowest slice of state they need so unrelated updates skip their render. */
export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(studioStore, selector);
}

export function useHistory<T>(selector: (s: TemporalState<HistoryData>) => T): T {
  return useStore(studioStore.temporal, selector);
}
