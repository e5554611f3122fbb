import { computeControl, type ControlScene, type Keypoint } from '../../../src-shared/control';
import type { TaskContext } from '../taskContext';

export interface ControlComputeResult {
  /** float32 [F,3,H,W] */
  control: Float32Array;
  keypoints: Keypoint[][];
  warnings: string[];
}

const isScene = (s: unknown): s is ControlScene => {
  const x = s as Partial<ControlScene> | null;
  return (
    !!x &&
    Number.isInteger(x.width) &&
    Number.isInteger(x.height) &&
    x.depth?.data instanceof Float32Array &&
    Array.isArray(x.objects) &&
    x.objects.every((o) => o.mask instanceof Uint8Array) &&
    Array.isArray(x.autoMasks) &&
    x.autoMasks.every((m) => m instanceof Uint8Array)
  );
};

/**
 * `control:compute`: the control engine (pure TypeScript) on a scene at the generation size. It runs here
 * rather than in main because it takes 1-2 s at 288x512x16, and main must keep answering the renderer.
 */
export async function controlComputeTask(ctx: TaskContext, payload: unknown): Promise<ControlComputeResult> {
  const p = payload as { scene?: unknown; frames?: unknown } | null;
  if (!isScene(p?.scene) || !Number.isInteger(p?.frames))
    throw new Error('control:compute needs { scene: ControlScene with typed arrays, frames: integer }');
  ctx.reportProgress(0, 1, 'control');
  const r = computeControl(p.scene, { frames: p.frames as number });
  return { control: r.control, keypoints: r.keypoints, warnings: r.warnings };
}
