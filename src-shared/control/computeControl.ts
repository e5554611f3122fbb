/**
 * The whole chain (spec sections 1, 3-7): depth -> tracks -> merged ids -> per-frame motion ->
 * keypoints -> control tensor. Pure, synchronous, no platform imports (runs in a worker or in main).
 */
import { disparityToDn, dnToZ0, z0FromFloat32 } from './depth';
import { ControlError } from './errors';
import { controlTensor } from './heatmap';
import { computeKeypoints, type Keypoint, type KmeansMemo } from './keypoints';
import { mergeMasks } from './merge';
import { runMotion, type FrameDepths, type Mover } from './motion';
import { interpolateTrack } from './pchip';
import type { ControlScene } from './types';
import { validateScene } from './validate';

export interface ControlOptions {
  /** override the scene's frame count / ratio (defaults: the scene's, else 16 and 1) */
  frames?: number;
  pointsRatio?: number;
  /**
   * Output buffers of an earlier result to overwrite (live preview: no 30 MB of fresh allocations and
   * the GC work they cause per run). Used only when their sizes match; the earlier result is then invalid.
   */
  reuse?: Pick<ControlResult, 'idMaps' | 'control'>;
  /**
   * false: skip section 7 (the live preview shows keypoints and id maps, not the tensor); `control` is
   * then empty. Default true.
   */
  controlTensor?: boolean;
  /** K-means results to reuse across calls (live preview); see KmeansMemo */
  kmeansMemo?: KmeansMemo;
}

export interface ControlResult {
  width: number;
  height: number;
  frames: number;
  /** uint8 [F,H,W] */
  idMaps: Uint8Array;
  /** Z_i (float32 values): `depth.at(frame, row * width + col)`, or `depth.toArray()` for [F,H,W] */
  depth: FrameDepths;
  /** merged id map of section 4, uint8 [H,W] */
  merged: Uint8Array;
  /** float64 [H,W] */
  z0: Float64Array;
  /** the moving objects (id = object index + 1) with their per-frame tracks */
  movers: Mover[];
  keypoints: Keypoint[][];
  /** float32 [F,3,H,W] (empty when options.controlTensor is false) */
  control: Float32Array;
  warnings: string[];
  /** milliseconds per phase (for the bench and the UI's status line) */
  timings: Record<string, number>;
}

export function computeControl(scene: ControlScene, options: ControlOptions = {}): ControlResult {
  const frames = options.frames ?? scene.frames;
  const ratio = options.pointsRatio ?? scene.pointsRatio;
  const { width: W, height: H } = scene;
  if (!Number.isInteger(frames) || frames < 1)
    throw new ControlError('bad-parameter', `frames must be a positive integer, got ${frames}`);
  if (!(ratio > 0)) throw new ControlError('bad-parameter', `points ratio must be > 0, got ${ratio}`);
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = now - t;
    t = now;
  };
  validateScene(scene);
  const z0 =
    scene.depth.kind === 'disparity'
      ? dnToZ0(disparityToDn(scene.depth.data))
      : z0FromFloat32(scene.depth.data);
  const users = scene.objects.map((o) => o.mask);
  lap('depth');
  const { map: merged, warnings } = mergeMasks(users, scene.autoMasks, W, H, scene.parity ?? true);
  lap('merge');
  const movers = moversOf(scene, frames);
  checkDepthsPositive(merged, z0, movers, W * H, frames, scene.objects);
  const { idMaps, depth } = runMotion(merged, z0, movers, W, H, frames, options.reuse ?? {});
  lap('motion');
  const keypoints = computeKeypoints({
    idMaps,
    depth,
    width: W,
    height: H,
    frames,
    userCount: users.length,
    ratio,
    ...(options.kmeansMemo ? { memo: options.kmeansMemo } : {}),
  });
  lap('keypoints');
  const control =
    options.controlTensor === false
      ? new Float32Array(0)
      : controlTensor(keypoints, W, H, options.reuse?.control);
  lap('control');
  return {
    width: W,
    height: H,
    frames,
    idMaps,
    depth,
    merged,
    z0,
    movers,
    keypoints,
    control,
    warnings,
    timings,
  };
}

/** The moving objects with their PCHIP tracks over the frames (ids = object index + 1); refuses d <= 0. */
function moversOf(scene: ControlScene, frames: number): Mover[] {
  const movers: Mover[] = [];
  scene.objects.forEach((o, j) => {
    if (o.kind !== 'moving') return;
    const tr = o.trajectory ?? [];
    const track = {
      x: interpolateTrack(
        tr.map((p) => p.x),
        frames,
      ),
      y: interpolateTrack(
        tr.map((p) => p.y),
        frames,
      ),
      d: interpolateTrack(
        tr.map((p) => p.depth),
        frames,
      ),
    };
    for (let i = 0; i < frames; i++) {
      if (!((track.d[i] as number) > 0))
        throw new ControlError(
          'bad-user-depth',
          `object ${j + 1} (${o.name ?? 'unnamed'}): interpolated depth at frame ${i} is ${track.d[i]}, must be > 0`,
        );
    }
    movers.push({ id: j + 1, track });
  });
  return movers;
}

/** Z + dd must stay > 0 for every pixel of a moving object (the projection divides by it). */
function checkDepthsPositive(
  merged: Uint8Array,
  z0: Float64Array,
  movers: readonly Mover[],
  n: number,
  frames: number,
  objects: ControlScene['objects'],
): void {
  // nearest (float32) depth of every id, in one pass over the map
  const nearest = new Float64Array(256).fill(Infinity);
  for (let p = 0; p < n; p++) {
    const v = merged[p] as number;
    const z = Math.fround(z0[p] as number);
    if (z < (nearest[v] as number)) nearest[v] = z;
  }
  for (const m of movers) {
    const zMin = nearest[m.id] as number;
    if (zMin === Infinity) continue;
    for (let i = 0; i < frames; i++) {
      const dd = (m.track.d[i] as number) - (m.track.d[0] as number);
      if (!(zMin + dd > 0)) {
        // Said to the artist (queue, preview): the object's name, frames counted from 1 as the timeline
        // does, depths rounded; what is wrong in the method's terms (Z + dd <= 0) and what to change.
        const name = objects[m.id - 1]?.name ?? `object ${m.id}`;
        throw new ControlError(
          'depth-nonpositive',
          `"${name}" would pass the camera at frame ${i + 1}: its path brings it ${round(-dd)} nearer, ` +
            `more than the depth of its nearest part (${round(zMin)}). Move its later points farther, ` +
            'or its first point nearer.',
        );
      }
    }
  }
}

/** A depth for a message: two significant digits (0.0053, 0.073), not float noise. */
function round(v: number): string {
  return String(Number(v.toPrecision(2)));
}
