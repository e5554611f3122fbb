import type { ControlScene, SceneObject } from '../../../src-shared/control';
import {
  frameFloat,
  frameMask,
  framePixel,
  placeFrame,
  type Placement,
} from '../../../src-shared/image/framing';
import { timedPoints } from '../../../src-shared/control/timing';
import type { GenerationScene } from '../../../src-shared/generation/ipc';
import { decodeRle } from '../../../src-shared/generation/rle';
import { ErrorCode, StudioError } from '../../../src-shared/ipc/contract';
import type { UploadStore } from '../uploads';

function depthData(d: NonNullable<GenerationScene['depth']>): Float32Array {
  // resolveSceneDepth ran first (the handlers call it), so an uploaded map is `data` by now.
  if (!d.data || d.data.length !== d.width * d.height)
    throw new Error(`depth is not float32 ${d.width}x${d.height}`);
  return d.data;
}

/**
 * The scene with its depth as `data`: an uploaded map (upload:piece) is taken from the store and checked
 * to be exactly width x height little-endian float32 values. Called by every handler that takes a scene,
 * right after parsing, so a job keeps (and a retry reuses) the map itself, not an upload id.
 */
export function resolveSceneDepth(
  s: GenerationScene,
  uploads: Pick<UploadStore, 'takeBlob'>,
): GenerationScene {
  const d = s.depth;
  if (!d?.upload) return s;
  const bytes = uploads.takeBlob(d.upload);
  const want = d.width * d.height * 4;
  if (bytes.byteLength !== want)
    throw new StudioError(
      ErrorCode.BadRequest,
      `The depth map sent has ${bytes.byteLength} bytes; a ${d.width}x${d.height} map has ${want}. Try again.`,
    );
  // The store's joined arrays are 8-aligned; a single piece is a copy of its own. Float32Array reads the
  // machine's order, little-endian on every platform the studio ships for.
  const data =
    bytes.byteOffset % 4 === 0
      ? new Float32Array(bytes.buffer, bytes.byteOffset, want / 4)
      : new Float32Array(bytes.slice().buffer);
  return { ...s, depth: { kind: d.kind, width: d.width, height: d.height, data } };
}

const hasInside = (m: Uint8Array): boolean => m.some((v) => v > 0);

/**
 * The renderer's scene (image coordinates) as the control engine's scene at the generation size W x H,
 * placed by the scene's framing (src-shared/image/framing.ts, the rule the canvas frame and the live
 * preview use): masks nearest-neighbour, depth bilinear, trajectory points to the frame pixel containing
 * them. Same rules as the live preview: hidden or maskless objects are left out, a moving object without
 * points is static. No depth = a flat scene.
 */
export function buildControlScene(
  s: GenerationScene,
  size: { width: number; height: number; frames: number; pointsRatio: number },
): { scene: ControlScene; notes: string[]; placement: Placement } {
  const { width: W, height: H } = size;
  const notes: string[] = [];
  const image = { width: s.imageWidth, height: s.imageHeight };
  const pl = placeFrame(image, size, s.framing);
  const mask = (m: NonNullable<GenerationScene['objects'][number]['mask']>) =>
    frameMask(decodeRle(m), m.width, m.height, image, pl);
  const objects: SceneObject[] = [];
  for (const o of s.objects) {
    if (!o.visible || !o.mask) continue;
    const m = mask(o.mask);
    if (!hasInside(m)) {
      notes.push(`"${o.name}" is too small to show at ${W}x${H} or outside the frame; it was left out.`);
      continue;
    }
    const pts = o.trajectory ? timedPoints(o.trajectory, size.frames) : []; // keyframes/easing
    if (o.kind === 'moving' && pts.length > 0) {
      const trajectory = pts.map((p) => ({ ...framePixel(p, pl), depth: p.depth }));
      objects.push({ name: o.name, kind: 'moving', mask: m, trajectory });
    } else objects.push({ name: o.name, kind: 'static', mask: m });
  }
  let depth: ControlScene['depth'];
  if (s.depth) {
    const d = s.depth;
    depth = { kind: d.kind, data: frameFloat(depthData(d), d.width, d.height, image, pl) };
  } else {
    notes.push('No depth map yet: the scene was treated as flat.');
    depth = { kind: 'disparity', data: new Float32Array(W * H) };
  }
  return {
    scene: {
      width: W,
      height: H,
      frames: size.frames,
      pointsRatio: size.pointsRatio,
      depth,
      objects,
      autoMasks: s.autoMasks.map(mask),
      parity: true,
    },
    notes,
    placement: pl,
  };
}
