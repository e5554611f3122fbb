import { useEffect } from 'react';
import { studioStore, useStudio } from '../state/store';
import { currentTake, nextFrame, playbackFps } from './playback';

/**
 * The timeline's clock: while playing, advances playbackSlice.frame at the source's fps (a take's own,
 * or the settings' for the control preview); stops on the last frame unless looping.
 */
export function usePlaybackClock(): void {
  const playing = useStudio((s) => s.playing);
  const fps = useStudio(playbackFps);
  const source = useStudio((s) => s.source);
  const takeGone = useStudio((s) => s.source.kind === 'take' && !currentTake(s));
  const previewFrames = useStudio((s) => s.document.settings.frames);
  const frameCount = useStudio((s) => s.frameCount);
  useEffect(() => {
    const s = studioStore.getState();
    // A take undone or deleted: back to the control preview. The preview plays settings.frames frames.
    if (takeGone) s.setSource({ kind: 'preview' }, previewFrames);
    else if (source.kind === 'preview' && frameCount !== previewFrames) s.setFrameCount(previewFrames);
  }, [takeGone, source, previewFrames, frameCount]);
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
