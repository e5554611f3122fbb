import type { GenerationJob } from '../../src-shared/generation/ipc';

/** 83_000 -> "1:23"; null -> "–". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const PHASE_WORDS: Record<GenerationJob['phase'], string> = {
  waiting: 'Waiting',
  control: 'Preparing the control signal',
  encode: 'Encoding the image',
  denoise: 'Denoising',
  decode: 'Decoding frames',
  saving: 'Saving the take',
};

/** One line under a job: what it is doing and how far it got. */
export function jobLine(j: GenerationJob): string {
  switch (j.status) {
    case 'queued':
      return 'Waiting in the queue';
    case 'running':
      return j.phase === 'denoise'
        ? `Step ${j.step} of ${j.steps} · ${formatDuration(j.elapsedMs)} elapsed · ETA ${formatDuration(j.etaMs)}`
        : `${PHASE_WORDS[j.phase]} · ${formatDuration(j.elapsedMs)} elapsed`;
    case 'done':
      return `Done in ${formatDuration(j.elapsedMs)} · seed ${j.seedUsed}`;
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return j.error?.message ?? 'Failed';
  }
}

/** Fraction for the progress bar: the denoising steps dominate a job's time. */
export function jobFraction(j: GenerationJob): number | null {
  if (j.status === 'done') return 1;
  if (j.status !== 'running') return null;
  if (j.phase === 'control' || j.phase === 'encode') return 0;
  return j.steps > 0 ? Math.min(1, j.step / j.steps) : null;
}

/**
 * The line under a job of a project that is not the one on screen. With no project open, "another
 * project" would suggest one is; either way the take can only go to the project it was made for.
 */
export function elsewhereLine(status: GenerationJob['status'], projectOpen: boolean): string {
  const which = projectOpen ? 'another project' : 'a project that is not open';
  switch (status) {
    case 'done':
      return `Made for ${which}: open that project to use this take.`;
    case 'queued':
    case 'running':
      return `For ${which}: the take will go to that project.`;
    case 'failed':
    case 'cancelled':
      return `Queued for ${which}.`;
  }
}
