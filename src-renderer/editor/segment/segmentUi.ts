import { createStore, useStore } from 'zustand';
import type { PromptBox, PromptPoint } from './promptActions';

export type BrushMode = 'add' | 'erase';

/**
 * Tool options and transient segmentation state: not document data (never undone) and not shared with
 * the other slices, so it lives in this small store of its own beside the tools that use it.
 */
export interface SegmentUiState {
  /** Brush diameter in screen pixels, so the brush feels the same at any zoom. */
  readonly brushSize: number;
  readonly brushMode: BrushMode;
  readonly showAutoSegments: boolean;
  /** A segment:click request is running. */
  readonly busy: boolean;
  /** Points clicked but not answered yet: drawn at once, committed with their mask. */
  readonly pending: {
    readonly objectId: string;
    readonly points: readonly PromptPoint[];
    readonly box: PromptBox | null;
  } | null;
  /**
   * The open image whose click-to-segment embedding is still being computed (segment:prepare has not
   * answered): a click made now waits for it in main and lands as soon as it exists; the canvas says so.
   */
  readonly encoding: string | null;
  /** The canvas was clicked with an editing tool but no object to edit: the hint offers to add one. */
  readonly needsObject: boolean;
  /** Why the automatic segments are missing (no model, or the error), for the overlay toggle. */
  readonly autoError: string | null;
}

export const BRUSH_SIZES = [4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256] as const;

export const segmentUi = createStore<SegmentUiState>()(() => ({
  brushSize: 24,
  brushMode: 'add',
  showAutoSegments: false,
  busy: false,
  pending: null,
  encoding: null,
  needsObject: false,
  autoError: null,
}));

export function useSegmentUi<T>(selector: (s: SegmentUiState) => T): T {
  return useStore(segmentUi, selector);
}

/** `[` / `]`: the next smaller or larger preset size. */
export function stepBrushSize(direction: 1 | -1): void {
  const size = segmentUi.getState().brushSize;
  const next =
    direction > 0 ? BRUSH_SIZES.find((s) => s > size) : [...BRUSH_SIZES].reverse().find((s) => s < size);
  if (next !== undefined) segmentUi.setState({ brushSize: next });
}
