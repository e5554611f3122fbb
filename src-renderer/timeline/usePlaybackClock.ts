import { useEffect } from 'react';
import { studioStore, useStudio } from '../state/store';
import { nextFrame, playbackFps } from './playback';

/**
 * The timeline's clock: while playing, advances playbackSlice.frame at the source's fps (a take's own,
 * or the settings' for the control preview); stops on the last frame unless looping.
 */
export function usePlaybackClock(): void {
  const playing = useStudio((s) => s.playing);
  const fps = useStudio(playbackFps);
  useEffect(() => {
    if (!playing) return undefined;
    const timer = setInterval(() => {
      const s = studioStore.getState();
      const next = nextFrame(s.frame, s.frameCount, s.loop);
      if (next === null) s.setPlaying(false);
      else s.setFrame(next);
    }, 1000 / fps);
    return () => clearInterval(timer);
  }, [playing, fps]);
}
