import type { ProjectDocument } from './schema';
import { timedPoints } from '../control/timing';

/** The control scene (docs/scene-format.md) a project describes; file names are archive entry names. */
export interface SceneJson {
  format: 'levitor-scene';
  version: 1;
  width: number;
  height: number;
  frames: number;
  pointsRatio: number;
  depth: { kind: 'disparity' | 'z0'; file: string };
  objects: (
    | { name: string; kind: 'moving'; mask: string; trajectory: { x: number; y: number; depth: number }[] }
    | { name: string; kind: 'static'; mask: string }
  )[];
  autoMasks: string[];
  parity: boolean;
}

/**
 * Maps the document onto the control engine's scene, at the image's own size: the caller resamples masks and
 * depth to the generation size (fit mode) first when they differ. Hidden objects and objects without a mask
 * are left out; object order (= instance ids) is creation order. The edited depth wins over the original.
 * Returns null when there is no depth yet.
 */
export function projectToScene(doc: ProjectDocument): SceneJson | null {
  const depth = doc.depth.edited
    ? { kind: 'z0' as const, file: doc.depth.edited.entry }
    : doc.depth.original
      ? { kind: doc.depth.original.kind, file: doc.depth.original.entry }
      : null;
  if (!depth) return null;
  const objects: SceneJson['objects'] = [];
  for (const o of doc.objects) {
    if (!o.visible || !o.mask) continue;
    const pts = o.trajectory ? timedPoints(o.trajectory, doc.settings.frames) : []; // keyframes/easing
    if (o.kind === 'moving' && pts.length > 0) {
      // Scene trajectories are integer pixel clicks; the depth stays as typed.
      objects.push({
        name: o.name,
        kind: 'moving',
        mask: o.mask,
        trajectory: pts.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y), depth: p.depth })),
      });
    } else {
      objects.push({ name: o.name, kind: 'static', mask: o.mask });
    }
  }
  return {
    format: 'levitor-scene',
    version: 1,
    width: doc.image.width,
    height: doc.image.height,
    frames: doc.settings.frames,
    pointsRatio: doc.settings.pointsRatio,
    depth,
    objects,
    autoMasks: [...doc.autoSegments],
    parity: true,
  };
}
