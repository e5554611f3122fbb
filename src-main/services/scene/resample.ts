import type { ControlScene } from '../../../src-shared/control';
import { resampleBilinear, resampleNearest } from '../generation/scene';

/**
 * A scene made at another size, brought to the W x H a video pack renders, by the rule the studio uses
 * when it generates (generation/scene.ts buildControlScene): the picture is stretched to W x H, masks are
 * resampled nearest-neighbour, depth bilinearly, trajectory points scaled and rounded to pixels. Returns
 * the scene unchanged when it already has that size, and a sentence saying what was done otherwise.
 */
export function fitSceneToSize(
  scene: ControlScene,
  width: number,
  height: number,
): { scene: ControlScene; note: string | null } {
  const { width: sw, height: sh } = scene;
  if (sw === width && sh === height) return { scene, note: null };
  const sx = width / sw;
  const sy = height / sh;
  const mask = (m: Uint8Array) => resampleNearest(m, sw, sh, width, height);
  const aspect = Math.abs(sw / sh - width / height) > 1e-3;
  return {
    scene: {
      ...scene,
      width,
      height,
      depth: { kind: scene.depth.kind, data: resampleBilinear(scene.depth.data, sw, sh, width, height) },
      objects: scene.objects.map((o) => ({
        ...o,
        mask: mask(o.mask),
        ...(o.trajectory
          ? {
              trajectory: o.trajectory.map((p) => ({
                x: Math.min(width - 1, Math.max(0, Math.round(p.x * sx))),
                y: Math.min(height - 1, Math.max(0, Math.round(p.y * sy))),
                depth: p.depth,
              })),
            }
          : {}),
      })),
      autoMasks: scene.autoMasks.map(mask),
    },
    note:
      `the scene is ${sw}x${sh} and the pack renders ${width}x${height}: masks, depth and trajectory points ` +
      `were resampled to ${width}x${height}` +
      (aspect ? ' and the picture stretched to that shape, as the studio does' : ', as the studio does'),
  };
}
