import { useMemo } from 'react';
import { buildPreviewScene } from '../../preview/buildScene';
import type { EditorObject } from '../../state/documentSlice';
import { useStudio } from '../../state/store';
import { pickDepthMap } from '../depth/sceneDepth';
import { outlineAt, outlineBase, type OutlineBase, type PointOutline } from './depthOutline';

/**
 * The selected point's outline (depthOutline.ts) for the canvas and the inspector. The base (the object's
 * framed, merged pixels sorted for the splat) is rebuilt only when the masks, the visible objects, the
 * depth map, the framing or the generation size change, never while a point is dragged; the outline
 * itself is one splat per change (a few milliseconds at 288 x 512).
 */
/** Why an object with a mask has no outline: nothing of it in the frame, or too little for the merge. */
export interface OutlineMissing {
  readonly missing: 'outside-frame' | 'too-small';
}

export function usePointOutline(
  obj: EditorObject | undefined,
  index: number,
): PointOutline | OutlineMissing | null {
  const image = useStudio((s) => s.document.image);
  const objects = useStudio((s) => s.document.objects);
  const masks = useStudio((s) => s.document.masks);
  const depthEdit = useStudio((s) => s.document.depthEdit);
  const estimate = useStudio((s) => s.depth);
  const framing = useStudio((s) => s.document.framing);
  const resolution = useStudio((s) => s.document.settings.resolution);
  // what the merge depends on: the objects in the scene and their masks, not their trajectories
  const membership = objects.map((o) => `${o.id}:${o.visible ? 1 : 0}`).join(',');
  const base = useMemo((): OutlineBase | OutlineMissing | null => {
    const depth = pickDepthMap(depthEdit, estimate, image?.imageId);
    if (!image || !depth || !obj) return null;
    const inputs = {
      image,
      objects: objects.map((o) => ({ ...o, trajectory: null })),
      masks,
      depth,
      autoMasks: [],
      settings: { resolution, frames: 1, pointsRatio: 1 },
      framing,
    };
    try {
      const built = buildPreviewScene(inputs);
      if (!built || !masks[obj.id] || !obj.visible) return null;
      const k = built.objectIds.indexOf(obj.id);
      // the scene leaves out a mask with no pixel in the frame (outside the crop)
      if (k < 0) return { missing: 'outside-frame' };
      const users = built.scene.objects.map((o) => o.mask);
      // the merge drops an object of at most 0.1 % of the frame
      return outlineBase(users, k, built.scene.depth.data, built.placement) ?? { missing: 'too-small' };
    } catch {
      // a depth map the engine refuses (the live preview says why): no outline rather than no canvas
      return null;
    }
    // `objects` is read through `membership` (trajectory edits must not rebuild the base)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [image, membership, masks, depthEdit, estimate, framing, resolution, obj?.id, obj?.visible]);
  const points = obj?.trajectory?.points;
  const start = points?.[0];
  const at = points?.[index];
  return useMemo(() => {
    if (!base || 'missing' in base) return base;
    return start && at ? outlineAt(base, start, at) : null;
  }, [base, start, at]);
}
