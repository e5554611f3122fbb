import type { Take } from '../../src-shared/project/schema';
import type { StudioState } from '../state/types';

/** The take the timeline plays, if its source is a take that still exists. */
export function currentTake(s: Pick<StudioState, 'source' | 'document'>): Take | undefined {
  const src = s.source;
  return src.kind === 'take' ? s.document.takes.find((t) => t.id === src.takeId) : undefined;
}

/** Frames per second of what is playing: the take's own fps, else the settings' (preview). */
export function playbackFps(s: Pick<StudioState, 'source' | 'document'>): number {
  return currentTake(s)?.fps ?? s.document.settings.fps;
}

/** The frame after `frame` (or null to stop): wraps when looping. */
export function nextFrame(frame: number, count: number, loop: boolean): number | null {
  if (frame + 1 < count) return frame + 1;
  return loop ? 0 : null;
}

/** Step by `delta` frames, clamped (the , and . keys never wrap). */
export function stepFrame(frame: number, count: number, delta: number): number {
  return Math.max(0, Math.min(count - 1, frame + delta));
}
