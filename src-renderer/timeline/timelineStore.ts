import { createStore, useStore } from 'zustand';

/** View options of the take viewer: not document data, never undoable. */
export interface TimelineViewState {
  /** The second take shown beside the current one (split view), or null. */
  readonly compareTakeId: string | null;
  /** Draw the trajectories and control points over the result. */
  readonly overlay: boolean;
  setCompare: (takeId: string | null) => void;
  setOverlay: (on: boolean) => void;
}

export const timelineStore = createStore<TimelineViewState>()((set) => ({
  compareTakeId: null,
  overlay: false,
  setCompare: (compareTakeId) => set({ compareTakeId }),
  setOverlay: (overlay) => set({ overlay }),
}));

export function useTimelineView<T>(selector: (s: TimelineViewState) => T): T {
  return useStore(timelineStore, selector);
}
