import { buildPreviewScene } from '../../preview/buildScene';
import type { EditorObject } from '../../state/documentSlice';
import { useStudio } from '../../state/store';
import type { StudioState } from '../../state/types';
import { pickDepthMap } from '../depth/sceneDepth';
import { outlineAt, outlineBase, type OutlineBase, type PointOutline } from './depthOutline';

/** Why an object with a mask has no outline: nothing of it in the frame, or too little for the merge. */
export interface OutlineMissing {
  readonly missing: 'outside-frame' | 'too-small';
}

type Base = OutlineBase | OutlineMissing | null;
type Point = NonNullable<EditorObject['trajectory']>['points'][number];

/**
 * One-entry caches shared by the canvas and the inspector (both show the selected point): the base (the
 * object's framed, merged pixels sorted for the splat) is rebuilt only when its inputs change by identity,
 * never while a point is dragged; the outline is one splat per change of the point.
 */
let baseCache: { deps: readonly unknown[]; value: Base } | null = null;
let outlineCache: { deps: readonly unknown[]; value: PointOutline } | null = null;

const same = (a: readonly unknown[], b: readonly unknown[]) => a.every((v, i) => v === b[i]);

/** The inputs of the base, as the hook selects them from the studio state. */
interface BaseInputs {
  readonly image: StudioState['document']['image'];
  readonly objects: StudioState['document']['objects'];
  readonly masks: StudioState['document']['masks'];
  readonly depthEdit: StudioState['document']['depthEdit'];
  readonly estimate: StudioState['depth'];
  readonly framing: StudioState['document']['framing'];
  readonly resolution: StudioState['document']['settings']['resolution'];
}

function baseOf(inp: BaseInputs, obj: EditorObject): Base {
  // what the merge depends on: the objects in the scene and their masks, not their trajectories
  const membership = inp.objects.map((o) => `${o.id}:${+o.visible}`).join(',');
  const { image, masks, depthEdit, estimate, framing, resolution } = inp;
  const deps = [image, membership, masks, depthEdit, estimate, framing, resolution, obj.id];
  if (baseCache && same(deps, baseCache.deps)) return baseCache.value;
  const value = computeBase(inp, obj);
  baseCache = { deps, value };
  return value;
}

function computeBase(inp: BaseInputs, obj: EditorObject): Base {
  const { image, masks } = inp;
  const depth = pickDepthMap(inp.depthEdit, inp.estimate, image?.imageId);
  if (!image || !depth || !masks[obj.id] || !obj.visible) return null;
  try {
    const built = buildPreviewScene({
      image,
      objects: inp.objects.map((o) => ({ ...o, trajectory: null })),
      masks,
      depth,
      autoMasks: [], // they never take user pixels (see README.md)
      settings: { resolution: inp.resolution, frames: 1, pointsRatio: 1 },
      framing: inp.framing,
    });
    if (!built) return null;
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
}

/** The outline of `obj` at its point `index` (depthOutline.ts), or why there is none. */
export function usePointOutline(
  obj: EditorObject | undefined,
  index: number,
): PointOutline | OutlineMissing | null {
  const inputs: BaseInputs = {
    image: useStudio((s) => s.document.image),
    objects: useStudio((s) => s.document.objects),
    masks: useStudio((s) => s.document.masks),
    depthEdit: useStudio((s) => s.document.depthEdit),
    estimate: useStudio((s) => s.depth),
    framing: useStudio((s) => s.document.framing),
    resolution: useStudio((s) => s.document.settings.resolution),
  };
  if (!obj) return null;
  const base = baseOf(inputs, obj);
  if (!base || 'missing' in base) return base;
  const points = obj.trajectory?.points;
  const start = points?.[0];
  const at = points?.[index];
  return start && at ? outlineOf(base, start, at) : null;
}

function outlineOf(base: OutlineBase, start: Point, at: Point): PointOutline {
  const deps = [base, start, at];
  if (outlineCache && same(deps, outlineCache.deps)) return outlineCache.value;
  const value = outlineAt(base, start, at);
  outlineCache = { deps, value };
  return value;
}
