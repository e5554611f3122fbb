import type { ControlScene } from '../../../src-shared/control';
import {
  CENTRED_FRAME,
  frameFloat,
  frameMask,
  framePixel,
  placeFrame,
  type FitMode,
  type Framing,
} from '../../../src-shared/image/framing';

/** New projects in the studio start with a centred crop of the largest frame (src-shared/project/newProject.ts). */
export const DEFAULT_SCENE_FRAMING: Framing = { fit: 'crop', frame: CENTRED_FRAME };

const FIT_WORDS: Record<FitMode, string> = {
  crop: 'cropped to its centre (the studio default)',
  letterbox: 'letterboxed (whole picture, black bars)',
  stretch: 'stretched (the reference behaviour)',
};

/**
 * A scene made at another size, placed in the W x H a video pack renders by the studio's one framing rule
 * (src-shared/image/framing.ts, which the canvas frame, the preview and the generation use): masks nearest,
 * depth bilinear, each trajectory point to the frame pixel containing its pixel's centre. Returns the scene
 * unchanged when it already has that size, and a sentence saying what was done otherwise.
 */
export function fitSceneToSize(
  scene: ControlScene,
  width: number,
  height: number,
  framing: Framing = DEFAULT_SCENE_FRAMING,
): { scene: ControlScene; note: string | null } {
  const picture = { width: scene.width, height: scene.height };
  if (picture.width === width && picture.height === height) return { scene, note: null };
  const pl = placeFrame(picture, { width, height }, framing);
  const mask = (m: Uint8Array) => frameMask(m, picture.width, picture.height, picture, pl);
  return {
    scene: {
      ...scene,
      width,
      height,
      depth: {
        kind: scene.depth.kind,
        data: frameFloat(scene.depth.data, picture.width, picture.height, picture, pl),
      },
      objects: scene.objects.map((o) => ({
        ...o,
        mask: mask(o.mask),
        ...(o.trajectory
          ? {
              trajectory: o.trajectory.map((p) => ({
                ...framePixel({ x: p.x + 0.5, y: p.y + 0.5 }, pl),
                depth: p.depth,
              })),
            }
          : {}),
      })),
      autoMasks: scene.autoMasks.map(mask),
    },
    note:
      `the scene is ${picture.width}x${picture.height} and the pack renders ${width}x${height}: the picture was ` +
      `${FIT_WORDS[framing.fit]} and its masks, depth and trajectory points placed in the same frame` +
      (framing.fit === 'crop' && Math.abs(picture.width / picture.height - width / height) > 1e-3
        ? '; --fit letterbox or --fit stretch keep the whole picture'
        : ''),
  };
}
