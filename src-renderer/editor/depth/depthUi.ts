import { createStore, useStore } from 'zustand';

export const DepthBrushMode = {
  Raise: 'raise',
  Lower: 'lower',
  Smooth: 'smooth',
  Flatten: 'flatten',
} as const;
export type DepthBrushMode = (typeof DepthBrushMode)[keyof typeof DepthBrushMode];

export const DEPTH_BRUSH_MODES: readonly DepthBrushMode[] = ['raise', 'lower', 'smooth', 'flatten'];

/** View and brush options for depth: not document data (never undone). */
export interface DepthUiState {
  readonly overlay: boolean;
  /** 0..1 */
  readonly opacity: number;
  readonly mode: DepthBrushMode;
  /** Brush diameter in screen pixels (same feel at any zoom). */
  readonly size: number;
  /** 0..1: how much one dab moves depth towards its target. */
  readonly strength: number;
  /** Why there is no depth map (no model, an error), for the panel. */
  readonly error: string | null;
  /** The last estimate failed for want of a depth model: the panel offers one, an install retries. */
  readonly missingModel: boolean;
}

export const depthUi = createStore<DepthUiState>()(() => ({
  overlay: false,
  opacity: 0.6,
  mode: 'raise',
  size: 64,
  strength: 0.5,
  error: null,
  missingModel: false,
}));

export function useDepthUi<T>(selector: (s: DepthUiState) => T): T {
  return useStore(depthUi, selector);
}

export const DEPTH_BRUSH_SIZES = [8, 16, 32, 48, 64, 96, 128, 192, 256, 384] as const;

export function stepDepthBrushSize(direction: 1 | -1): void {
  const size = depthUi.getState().size;
  const next =
    direction > 0
      ? DEPTH_BRUSH_SIZES.find((s) => s > size)
      : [...DEPTH_BRUSH_SIZES].reverse().find((s) => s < size);
  if (next !== undefined) depthUi.setState({ size: next });
}
