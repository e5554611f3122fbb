import { createStore, useStore } from 'zustand';
import type { AnimaticSheets, PreviewPoints } from './protocol';
import type { Placement } from '../../src-shared/image/framing';

export const PreviewMode = { off: 'off', points: 'points', animatic: 'animatic' } as const;
export type PreviewMode = (typeof PreviewMode)[keyof typeof PreviewMode];

/** A finished preview computation, at the generation size. */
export interface PreviewResult {
  readonly gen: number;
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly points: PreviewPoints;
  /** instance id - 1 -> editor object id */
  readonly objectIds: readonly string[];
  /** where the image sits in the result's frame (to draw the result back over the image) */
  readonly placement: Placement;
  readonly animatic: AnimaticSheets | null;
}

export type PreviewStatus = 'idle' | 'no-depth' | 'computing' | 'ready' | 'error';

/**
 * Live preview state: computed from the document, never undoable, so it lives outside the studio store
 * (and its history). `lastLatencyMs` (edit -> result on screen) is what the bench reads.
 */
export interface PreviewState {
  readonly mode: PreviewMode;
  readonly status: PreviewStatus;
  readonly message: string | null;
  readonly result: PreviewResult | null;
  readonly lastLatencyMs: number | null;
  readonly timings: Readonly<Record<string, number>>;
  /** answers shown so far (results and errors): tests and the bench wait on it */
  readonly results: number;
  setMode: (mode: PreviewMode) => void;
}

export const previewStore = createStore<PreviewState>()((set) => ({
  mode: PreviewMode.off,
  status: 'idle',
  message: null,
  result: null,
  lastLatencyMs: null,
  timings: {},
  results: 0,
  setMode: (mode) => set({ mode }),
}));

export function usePreview<T>(selector: (s: PreviewState) => T): T {
  return useStore(previewStore, selector);
}
