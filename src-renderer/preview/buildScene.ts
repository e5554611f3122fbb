import type { ControlScene, SceneObject } from '../../src-shared/control/types';
import { timedPoints } from '../../src-shared/control/timing';
import type { GenerationSettings } from '../../src-shared/project/schema';
import type { EditorObject, Mask } from '../state/documentSlice';

/** A float map at some work resolution (the depth estimator's or the painted one), row-major [H, W]. */
export interface FloatMap {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export interface PreviewInputs {
  readonly image: { readonly width: number; readonly height: number };
  readonly objects: readonly EditorObject[];
  readonly masks: Readonly<Record<string, Mask>>;
  /** LeviTor Z0: document.depthEdit ?? analysis.depth (z0); null = not estimated yet */
  readonly depth: FloatMap | null;
  /** automatic segments in the order the segmenter returned them */
  readonly autoMasks: readonly Mask[];
  readonly settings: Pick<GenerationSettings, 'resolution' | 'frames' | 'pointsRatio'>;
}

export interface PreviewScene {
  readonly scene: ControlScene;
  /** instance id - 1 -> editor object id (ids 1..n are the user objects kept, in document order) */
  readonly objectIds: readonly string[];
  /** every buffer of the scene, for postMessage's transfer list (all freshly allocated here) */
  readonly transfer: ArrayBuffer[];
}

/** '288x512' -> width 288, height 512 (the settings' resolution is W x H, as in docs/scene-format.md). */
export function parseResolution(r: string): { width: number; height: number } {
  const m = /^(\d+)x(\d+)$/.exec(r);
  if (!m) throw new Error(`bad resolution ${r}`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

/**
 * Nearest-neighbour downscale of a 0/255 mask to W x H, sampling each target pixel's centre (stretch fit,
 * the reference's parity choice). Reads only W*H source pixels, so a 4096 px mask costs what a 288x512
 * one does: cheap enough to redo on every edit. Output uint8 [H, W], 0/255.
 */
export function resampleMask(mask: Mask, W: number, H: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(W * H);
  const sx = mask.width / W;
  const sy = mask.height / H;
  const col = new Int32Array(W);
  for (let x = 0; x < W; x++) col[x] = Math.min(mask.width - 1, Math.floor((x + 0.5) * sx));
  for (let y = 0; y < H; y++) {
    const row = Math.min(mask.height - 1, Math.floor((y + 0.5) * sy)) * mask.width;
    for (let x = 0, o = y * W; x < W; x++, o++)
      out[o] = (mask.data[row + (col[x] as number)] as number) > 0 ? 255 : 0;
  }
  return out;
}

// Masks and depth maps are immutable (an edit makes a new one), so their resampled forms are remembered by
// identity; each scene still gets its own copy, because the copies are transferred to the worker.
interface Sized<T> {
  readonly W: number;
  readonly H: number;
  readonly data: T;
}
const maskCache = new WeakMap<Mask, Sized<Uint8Array<ArrayBuffer>>>();
const depthCache = new WeakMap<Float32Array, Sized<Float32Array<ArrayBuffer>>>();

function cachedMask(mask: Mask, W: number, H: number): Uint8Array<ArrayBuffer> {
  let m = maskCache.get(mask);
  if (m?.W !== W || m.H !== H) maskCache.set(mask, (m = { W, H, data: resampleMask(mask, W, H) }));
  return m.data.slice();
}

function cachedDepth(map: FloatMap, W: number, H: number): Float32Array<ArrayBuffer> {
  let d = depthCache.get(map.data);
  if (d?.W !== W || d.H !== H) depthCache.set(map.data, (d = { W, H, data: resampleDepth(map, W, H) }));
  return d.data.slice();
}

/** Bilinear resample (pixel centres aligned, edges clamped) of a float map to W x H: float32 [H, W]. */
export function resampleDepth(map: FloatMap, W: number, H: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(W * H);
  const { width: w, height: h, data } = map;
  for (let y = 0; y < H; y++) {
    const fy = Math.min(h - 1, Math.max(0, ((y + 0.5) * h) / H - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < W; x++) {
      const fx = Math.min(w - 1, Math.max(0, ((x + 0.5) * w) / W - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const tx = fx - x0;
      const a = (data[y0 * w + x0] as number) * (1 - tx) + (data[y0 * w + x1] as number) * tx;
      const b = (data[y1 * w + x0] as number) * (1 - tx) + (data[y1 * w + x1] as number) * tx;
      out[y * W + x] = a * (1 - ty) + b * ty;
    }
  }
  return out;
}

function hasPixel(m: Uint8Array): boolean {
  for (let i = 0; i < m.length; i++) if (m[i] !== 0) return true;
  return false;
}

/**
 * The control scene the live preview computes, with projectToScene's semantics (src-shared/project/toScene):
 * hidden and maskless objects are left out, a moving object needs a trajectory point (else it is static),
 * creation order gives the instance ids, the edited depth wins (the caller passes depthEdit ?? z0).
 * Everything is resampled to the generation size (stretch). A mask that vanishes at that size is left out
 * too (the engine refuses empty user masks). Trajectory points map to the generation pixel containing
 * them; uniform timing only (the engine's PCHIP over the points). Returns null without depth.
 */
export function buildPreviewScene(inp: PreviewInputs): PreviewScene | null {
  if (!inp.depth) return null;
  const { width: W, height: H } = parseResolution(inp.settings.resolution);
  const kx = W / inp.image.width;
  const ky = H / inp.image.height;
  const objects: SceneObject[] = [];
  const objectIds: string[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const o of inp.objects) {
    const mask = inp.masks[o.id];
    if (!o.visible || !mask) continue;
    const small = cachedMask(mask, W, H);
    if (!hasPixel(small)) continue;
    const pts = o.trajectory ? timedPoints(o.trajectory, inp.settings.frames) : []; // keyframes/easing
    const moving = o.kind === 'moving' && pts.length > 0;
    const sceneObject: SceneObject = { name: o.name, kind: moving ? 'moving' : 'static', mask: small };
    if (moving)
      sceneObject.trajectory = pts.map((p) => ({
        x: Math.floor(p.x * kx),
        y: Math.floor(p.y * ky),
        depth: p.depth,
      }));
    objects.push(sceneObject);
    objectIds.push(o.id);
    transfer.push(small.buffer);
  }
  const autoMasks = inp.autoMasks.map((m) => cachedMask(m, W, H));
  for (const m of autoMasks) transfer.push(m.buffer);
  const depth = cachedDepth(inp.depth, W, H);
  transfer.push(depth.buffer);
  const scene: ControlScene = {
    width: W,
    height: H,
    frames: inp.settings.frames,
    pointsRatio: inp.settings.pointsRatio,
    depth: { kind: 'z0', data: depth },
    objects,
    autoMasks,
    parity: true,
  };
  return { scene, objectIds, transfer };
}
