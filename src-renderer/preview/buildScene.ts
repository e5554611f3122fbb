import type { ControlScene, SceneObject } from '../../src-shared/control/types';
import { timedPoints } from '../../src-shared/control/timing';
import type { GenerationSettings } from '../../src-shared/project/schema';
import type { EditorObject, Mask } from '../state/documentSlice';
import {
  frameFloat,
  frameMask,
  framePixel,
  placeFrame,
  type Framing,
  type Placement,
  type Size,
} from '../../src-shared/image/framing';

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
  /** How the image maps onto the generation frame (the document's framing) */
  readonly framing: Framing;
}

export interface PreviewScene {
  readonly scene: ControlScene;
  /** instance id - 1 -> editor object id (ids 1..n are the user objects kept, in document order) */
  readonly objectIds: readonly string[];
  /** where the image sits in the scene's frame (to draw the result back over the image) */
  readonly placement: Placement;
  /** every buffer of the scene, for postMessage's transfer list (all freshly allocated here) */
  readonly transfer: ArrayBuffer[];
}

/** '288x512' -> width 288, height 512 (the settings' resolution is W x H, as in docs/scene-format.md). */
export function parseResolution(r: string): { width: number; height: number } {
  const m = /^(\d+)x(\d+)$/.exec(r);
  if (!m) throw new Error(`bad resolution ${r}`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

// Masks and depth maps are immutable (an edit makes a new one), so their framed forms are remembered by
// identity and placement; each scene still gets its own copy, because the copies are transferred to the worker.
interface Placed<T> {
  readonly key: string;
  readonly data: T;
}
const maskCache = new WeakMap<Mask, Placed<Uint8Array<ArrayBuffer>>>();
const depthCache = new WeakMap<Float32Array, Placed<Float32Array<ArrayBuffer>>>();
const keyOf = (pl: Placement): string => JSON.stringify(pl);

function cachedMask(mask: Mask, image: Size, pl: Placement): Uint8Array<ArrayBuffer> {
  const key = keyOf(pl);
  let m = maskCache.get(mask);
  if (m?.key !== key)
    maskCache.set(mask, (m = { key, data: frameMask(mask.data, mask.width, mask.height, image, pl) }));
  return m.data.slice();
}

function cachedDepth(map: FloatMap, image: Size, pl: Placement): Float32Array<ArrayBuffer> {
  const key = keyOf(pl);
  let d = depthCache.get(map.data);
  if (d?.key !== key)
    depthCache.set(map.data, (d = { key, data: frameFloat(map.data, map.width, map.height, image, pl) }));
  return d.data.slice();
}

function hasPixel(m: Uint8Array): boolean {
  for (let i = 0; i < m.length; i++) if (m[i] !== 0) return true;
  return false;
}

/**
 * The control scene the live preview computes, with projectToScene's semantics (src-shared/project/toScene):
 * hidden and maskless objects are left out, a moving object needs a trajectory point (else it is static),
 * creation order gives the instance ids, the edited depth wins (the caller passes depthEdit ?? z0).
 * Everything is placed in the generation frame by the document's framing (src-shared/image/framing.ts,
 * the rule main uses for the generation). A mask that vanishes at that size or outside a crop is left out
 * too (the engine refuses empty user masks). Trajectory points map to the frame pixel containing them
 * (clamped into the frame), after keyframe timing and easing. Returns null without depth.
 */
export function buildPreviewScene(inp: PreviewInputs): PreviewScene | null {
  if (!inp.depth) return null;
  const { width: W, height: H } = parseResolution(inp.settings.resolution);
  const image = { width: inp.image.width, height: inp.image.height };
  const pl = placeFrame(image, { width: W, height: H }, inp.framing);
  const objects: SceneObject[] = [];
  const objectIds: string[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const o of inp.objects) {
    const mask = inp.masks[o.id];
    if (!o.visible || !mask) continue;
    const small = cachedMask(mask, image, pl);
    if (!hasPixel(small)) continue;
    const pts = o.trajectory ? timedPoints(o.trajectory, inp.settings.frames) : []; // keyframes/easing
    const moving = o.kind === 'moving' && pts.length > 0;
    const sceneObject: SceneObject = { name: o.name, kind: moving ? 'moving' : 'static', mask: small };
    if (moving) sceneObject.trajectory = pts.map((p) => ({ ...framePixel(p, pl), depth: p.depth }));
    objects.push(sceneObject);
    objectIds.push(o.id);
    transfer.push(small.buffer);
  }
  const autoMasks = inp.autoMasks.map((m) => cachedMask(m, image, pl));
  for (const m of autoMasks) transfer.push(m.buffer);
  const depth = cachedDepth(inp.depth, image, pl);
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
  return { scene, objectIds, placement: pl, transfer };
}
