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

function decodeDepth(d: NonNullable<GenerationScene['depth']>): Float32Array {
  const buf = Buffer.from(d.base64, 'base64');
  if (buf.length !== d.width * d.height * 4)
    throw new Error(`depth has ${buf.length} bytes, expected float32 ${d.width}x${d.height}`);
  const out = new Float32Array(d.width * d.height);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(4 * i);
  return out;
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
    depth = { kind: d.kind, data: frameFloat(decodeDepth(d), d.width, d.height, image, pl) };
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
