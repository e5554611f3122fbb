import { describe, expect, it } from 'vitest';
import type { GenerationJob } from '../../src-shared/generation/ipc';
import { defaultSettings } from '../../src-shared/project/schema';
import { elsewhereLine, formatDuration, jobFraction, jobLine } from './format';

const job = (over: Partial<GenerationJob>): GenerationJob => ({
  id: 'j',
  projectId: 'p',
  label: 'Take 1',
  status: 'running',
  createdAt: '2026-01-01T00:00:00.000Z',
  settings: defaultSettings,
  seedUsed: 9,
  phase: 'denoise',
  step: 3,
  steps: 25,
  elapsedMs: 83_000,
  etaMs: 12_400,
  error: null,
  notes: [],
  take: null,
  ...over,
});

describe('queue wording', () => {
  it('formats durations', () => {
    expect(formatDuration(83_000)).toBe('1:23');
    expect(formatDuration(400)).toBe('0:00');
    expect(formatDuration(null)).toBe('–');
  });
  it('says step x of N with elapsed and ETA while denoising, and what failed in words', () => {
    expect(jobLine(job({}))).toBe('Step 3 of 25 · 1:23 elapsed · ETA 0:12');
    expect(jobLine(job({ phase: 'control' }))).toMatch(/^Preparing the control signal/);
    expect(jobLine(job({ status: 'done' }))).toBe('Done in 1:23 · seed 9');
    const failed = job({
      status: 'failed',
      error: { code: 'generation/out-of-memory', message: 'Ran out of memory.' },
    });
    expect(jobLine(failed)).toBe('Ran out of memory.');
    expect(jobLine(job({ status: 'queued' }))).toBe('Waiting in the queue');
  });
  it('progress fraction follows the denoising steps', () => {
    expect(jobFraction(job({}))).toBeCloseTo(3 / 25);
    expect(jobFraction(job({ phase: 'encode' }))).toBe(0);
    expect(jobFraction(job({ status: 'queued' }))).toBeNull();
    expect(jobFraction(job({ status: 'done' }))).toBe(1);
  });
  it("a job of a project not on screen says which case it is, never 'another project' when none is open", () => {
    expect(elsewhereLine('done', true)).toBe('Made for another project: open that project to use this take.');
    expect(elsewhereLine('done', false)).toBe(
      'Made for a project that is not open: open that project to use this take.',
    );
    expect(elsewhereLine('running', false)).toBe(
      'For a project that is not open: the take will go to that project.',
    );
    // A failed job made no take: the line does not promise one.
    expect(elsewhereLine('failed', true)).toBe('Queued for another project.');
    for (const status of ['queued', 'running', 'done', 'failed', 'cancelled'] as const)
      expect(elsewhereLine(status, false)).not.toMatch(/another project/);
  });
});
