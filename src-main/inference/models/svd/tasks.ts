import { runSvdGenerate, type SvdGenerateRequest, type SvdGenerateResult } from './job';
import type { SvdProgress } from './pipeline';

/**
 * Task handler for the inference host's registry: `svd:generate` (src-main/inference/tasks.ts registers it
 * when the host exists). Same context shape as the sam2/depth tasks, plus an optional detailed progress
 * callback (phase, elapsed, ETA). Sessions are opened and released per job: an SVD pack holds gigabytes.
 */
export interface SvdTaskContext {
  signal?: AbortSignal;
  progress?: (done: number, total: number) => void;
  detail?: (p: SvdProgress) => void;
}

export const SVD_GENERATE_TASK = 'svd:generate';

export async function svdGenerateTask(
  payload: SvdGenerateRequest,
  ctx: SvdTaskContext = {},
): Promise<SvdGenerateResult> {
  return runSvdGenerate(payload, {
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onProgress: (p) => {
      ctx.progress?.(p.step, p.steps);
      ctx.detail?.(p);
    },
  });
}
