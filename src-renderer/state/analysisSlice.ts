import type { Mask } from './documentSlice';
import type { SliceCreator } from './types';

/** Estimated depth for the open image: LeviTor Z0 and the network disparity (for display), [H, W]. */
export interface EstimatedDepth {
  readonly imageId: string;
  readonly width: number;
  readonly height: number;
  readonly z0: Float32Array;
  readonly disparity: Float32Array;
}

/** An automatic scene segment (static object for the method), in the order the segmenter returned them. */
export interface AutoSegment {
  readonly mask: Mask;
  readonly area: number;
  readonly iou: number;
}

/** 'skipped': automatic segments only, the user chose to go without them for this image. */
export type AnalysisState = 'idle' | 'running' | 'done' | 'failed' | 'skipped';

/**
 * Computed from the image, not edited by the artist, so outside undo history: recomputing them is not a
 * document change. Saved with the project (the project helper converts them to archive entries).
 */
export interface AnalysisSlice {
  readonly depth: EstimatedDepth | null;
  readonly depthState: AnalysisState;
  readonly autoSegments: readonly AutoSegment[];
  readonly autoSegmentsState: AnalysisState;
  setDepth: (depth: EstimatedDepth | null, state?: AnalysisState) => void;
  setDepthState: (state: AnalysisState) => void;
  setAutoSegments: (segments: readonly AutoSegment[], state?: AnalysisState) => void;
  setAutoSegmentsState: (state: AnalysisState) => void;
}

export const createAnalysisSlice: SliceCreator<AnalysisSlice> = (set) => ({
  depth: null,
  depthState: 'idle',
  autoSegments: [],
  autoSegmentsState: 'idle',
  setDepth: (depth, state = depth ? 'done' : 'idle') => set({ depth, depthState: state }),
  setDepthState: (depthState) => set({ depthState }),
  setAutoSegments: (autoSegments, state = 'done') => set({ autoSegments, autoSegmentsState: state }),
  setAutoSegmentsState: (autoSegmentsState) => set({ autoSegmentsState }),
});
