import type { GenerationScene } from '../../src-shared/generation/ipc';
import { encodeRle } from '../../src-shared/generation/rle';
import type { StudioState } from '../state/types';

/**
 * The document as the generation queue takes it (src-shared/generation/ipc.ts): image coordinates, masks
 * as run lengths, depth = the painted Z0, else the estimated Z0, else none (main treats the scene as flat).
 * Main resamples to the generation size and runs the control engine (the same rules as the live preview).
 */
export function generationScene(
  s: Pick<StudioState, 'document' | 'depth' | 'autoSegments'>,
): GenerationScene | null {
  const { image, objects, masks, depthEdit } = s.document;
  if (!image) return null;
  const depth =
    depthEdit ?? (s.depth && s.depth.imageId === image.imageId ? { ...s.depth, data: s.depth.z0 } : null);
  return {
    imageId: image.imageId,
    imageWidth: image.width,
    imageHeight: image.height,
    framing: s.document.framing,
    objects: objects.map((o) => {
      const m = masks[o.id];
      return {
        id: o.id,
        name: o.name,
        kind: o.kind,
        visible: o.visible,
        trajectory: o.trajectory,
        mask: m ? encodeRle(m.data, m.width, m.height) : null,
      };
    }),
    autoMasks: s.autoSegments.map((a) => encodeRle(a.mask.data, a.mask.width, a.mask.height)),
    depth: depth ? { kind: 'z0', width: depth.width, height: depth.height, data: depth.data } : null,
  };
}
