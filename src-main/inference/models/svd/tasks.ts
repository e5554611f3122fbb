import {
  runSvdGenerate,
  svdGenerateRequestSchema,
  type SvdGenerateRequest,
  type SvdGenerateResult,
} from './job';
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

/** The parts of the host's TaskContext (src-main/inference/taskContext.ts) this handler uses. */
export interface HostTaskContext {
  readonly providers: readonly string[];
  readonly signal: AbortSignal;
  reportProgress(done: number, total: number, detail?: string): void;
  pause?: () => Promise<void>;
}

function fmtEta(ms: number | null): string {
  return ms === null ? '' : `, ETA ${Math.round(ms / 1000)} s`;
}

/**
 * `svd:generate` as registered in src-main/inference/tasks.ts: validates the payload, runs on the payload's
 * providers or the host's, reports every step with its ETA; an aborted signal rejects within one step
 * (the host reports that as cancelled).
 */
export async function svdGenerateHostTask(
  ctx: HostTaskContext,
  payload: unknown,
): Promise<SvdGenerateResult> {
  const req = svdGenerateRequestSchema.parse(payload);
  return runSvdGenerate(
    { ...req, providers: req.providers ?? [...ctx.providers] },
    {
      signal: ctx.signal,
      ...(ctx.pause ? { pause: ctx.pause } : {}),
      onProgress: (p) => ctx.reportProgress(p.step, p.steps, `${p.phase}${fmtEta(p.etaMs)}`),
    },
  );
}
