import { useEffect } from 'react';
import { useStudio, studioStore } from '../state/store';
import { fitViewport } from './viewport';

/** While auto-fit is on (after opening an image or "Fit to view"), the image refits as the window resizes. */
export function useAutoFit(): void {
  const autoFit = useStudio((s) => s.autoFit);
  const stage = useStudio((s) => s.stageSize);
  const image = useStudio((s) => s.document.image);
  useEffect(() => {
    if (!autoFit || !image || stage.width === 0) return;
    studioStore.getState().setViewport(fitViewport(image, stage), true);
  }, [autoFit, image, stage]);
}
