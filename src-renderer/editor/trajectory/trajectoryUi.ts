import { createStore, useStore } from 'zustand';

/** Why the trajectory tool cannot edit right now (shown as a hint over the canvas), or null. */
export type TrajectoryBlock = 'noObject' | 'static' | 'locked' | null;

/**
 * Transient trajectory-tool state: the selected point (for Delete, the depth keys and the inspector) and
 * the "what to do" hint. Not document data, so never undone.
 */
export interface TrajectoryUiState {
  readonly selected: { readonly objectId: string; readonly index: number } | null;
  readonly block: TrajectoryBlock;
  /** Last keyframe validation message from the inspector. */
  readonly frameError: string | null;
}

export const trajectoryUi = createStore<TrajectoryUiState>()(() => ({
  selected: null,
  block: null,
  frameError: null,
}));

export function useTrajectoryUi<T>(selector: (s: TrajectoryUiState) => T): T {
  return useStore(trajectoryUi, selector);
}

export function selectPoint(objectId: string | null, index = 0): void {
  trajectoryUi.setState({ selected: objectId === null ? null : { objectId, index }, frameError: null });
}
