import type { ControlScene, SceneObject } from '../../../src-shared/control';
import { timedPoints } from '../../../src-shared/control/timing';
import type { GenerationScene } from '../../../src-shared/generation/ipc';
import { decodeRle } from '../../../src-shared/generation/rle';

/** Nearest-neighbour resample of a uint8 [sh, sw] map to [dh, dw] (pixel centres line up). */
export function resampleNearest(src: Uint8Array, sw: number, sh: number, dw: number, dh: number): Uint8Array {
  const out = new Uint8Array(dw * dh);
  const xs = Int32Array.from({ length: dw }, (_, x) => Math.min(sw - 1, Math.floor(((x + 0.5) * sw) / dw)));
  for (let y = 0; y < dh; y++) {
    const row = Math.min(sh - 1, Math.floor(((y + 0.5) * sh) / dh)) * sw;
    for (let x = 0; x < dw; x++) out[y * dw + x] = src[row + (xs[x] as number)] as number;
  }
  return out;
}

/** Bilinear resample of a float32 [sh, sw] map to [dh, dw] (half-pixel centres, edges clamped). */
export function resampleBilinear(
  src: Float32Array,
  sw: number,
  sh: number,
  dw: number,
  dh: number,
): Float32Array {
  const out = new Float32Array(dw * dh);
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / dh - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / dw - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const tx = fx - x0;
      const a = (src[y0 * sw + x0] as number) * (1 - tx) + (src[y0 * sw + x1] as number) * tx;
      const b = (src[y1 * sw + x0] as number) * (1 - tx) + (src[y1 * sw + x1] as number) * tx;
      out[y * dw + x] = a * (1 - ty) + b * ty;
    }
  }
  return out;
}

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
 * The renderer's scene (image coordinates) as the control engine's scene at the generation size W x H
 * (the image stretched, the reference's parity choice): masks nearest-neighbour, depth bilinear,
 * trajectory points scaled and rounded to pixels. Same rules as projectToScene: hidden or maskless
 * objects are left out, a moving object without points is static. No depth = a flat scene.
 */
export function buildControlScene(
  s: GenerationScene,
  size: { width: number; height: number; frames: number; pointsRatio: number },
): { scene: ControlScene; notes: string[] } {
  const { width: W, height: H } = size;
  const notes: string[] = [];
  const sx = W / s.imageWidth;
  const sy = H / s.imageHeight;
  const mask = (m: NonNullable<GenerationScene['objects'][number]['mask']>) =>
    resampleNearest(decodeRle(m), m.width, m.height, W, H);
  const objects: SceneObject[] = [];
  for (const o of s.objects) {
    if (!o.visible || !o.mask) continue;
    const m = mask(o.mask);
    if (!hasInside(m)) {
      notes.push(`"${o.name}" is too small to show at ${W}x${H}; it was left out.`);
      continue;
    }
    const pts = o.trajectory ? timedPoints(o.trajectory, size.frames) : []; // keyframes/easing
    if (o.kind === 'moving' && pts.length > 0) {
      const trajectory = pts.map((p) => ({
        x: Math.min(W - 1, Math.max(0, Math.round(p.x * sx))),
        y: Math.min(H - 1, Math.max(0, Math.round(p.y * sy))),
        depth: p.depth,
      }));
      objects.push({ name: o.name, kind: 'moving', mask: m, trajectory });
    } else objects.push({ name: o.name, kind: 'static', mask: m });
  }
  let depth: ControlScene['depth'];
  if (s.depth) {
    const d = s.depth;
    depth = { kind: d.kind, data: resampleBilinear(decodeDepth(d), d.width, d.height, W, H) };
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
  };
}
