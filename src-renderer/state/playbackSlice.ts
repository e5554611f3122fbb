import type { SliceCreator } from './types';

/**
 * What the timeline plays: the live control preview (before any generation) or a take. The canvas
 * overlays (control points, animatic) and the take viewer read `frame` from here; the timeline strip
 * owns the clock that advances it.
 */
export type PlaybackSource =
  { readonly kind: 'preview' } | { readonly kind: 'take'; readonly takeId: string };

export interface PlaybackSlice {
  readonly source: PlaybackSource;
  /** Current frame index, 0-based, < frameCount. */
  readonly frame: number;
  readonly frameCount: number;
  readonly playing: boolean;
  readonly loop: boolean;
  setSource: (source: PlaybackSource, frameCount: number) => void;
  setFrame: (frame: number) => void;
  setFrameCount: (frameCount: number) => void;
  setPlaying: (playing: boolean) => void;
  setLoop: (loop: boolean) => void;
}

const clampFrame = (f: number, n: number) => Math.max(0, Math.min(Math.max(0, n - 1), Math.round(f)));

export const createPlaybackSlice: SliceCreator<PlaybackSlice> = (set, get) => ({
  source: { kind: 'preview' },
  frame: 0,
  frameCount: 16,
  playing: false,
  loop: true,
  setSource: (source, frameCount) =>
    set({ source, frameCount, frame: clampFrame(get().frame, frameCount), playing: false }),
  setFrame: (frame) => set({ frame: clampFrame(frame, get().frameCount) }),
  setFrameCount: (frameCount) => set({ frameCount, frame: clampFrame(get().frame, frameCount) }),
  setPlaying: (playing) => set({ playing }),
  setLoop: (loop) => set({ loop }),
});
