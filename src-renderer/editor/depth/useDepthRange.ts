import { useMemo } from 'react';
import { useStudio } from '../../state/store';
import { nearRange, type NearRange } from './colormap';
import { pickDepthMap } from './sceneDepth';

/** The colour range of the depth the control signal uses (painted, else estimated), or null without one. */
export function useDepthRange(): NearRange | null {
  const depthEdit = useStudio((s) => s.document.depthEdit);
  const est = useStudio((s) => s.depth);
  const imageId = useStudio((s) => s.document.image?.imageId);
  return useMemo(() => {
    const map = pickDepthMap(depthEdit, est, imageId);
    return map ? nearRange(map.data) : null;
  }, [depthEdit, est, imageId]);
}
