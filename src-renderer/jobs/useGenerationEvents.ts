import { useEffect } from 'react';
import { bridge } from '../bridge';
import { addResultTake, studioStore, useStudio } from '../state/store';
import { jobsStore } from './jobsStore';
import type { GenerationJob } from '../../src-shared/generation/ipc';
import type { Take } from '../../src-shared/project/schema';

// The generate e2e test builds its scene through this (what the devtools console could reach anyway).
(window as unknown as Record<string, unknown>)['__studioJobs'] = { studio: studioStore, jobs: jobsStore };

/**
 * Keeps the queue view in step with main and turns each finished job into a take of the document
 * (not an undo step; the project becomes dirty). A failed or cancelled job leaves the document untouched.
 */
export function useGenerationEvents(): void {
  const connection = useStudio((s) => s.connection);
  useEffect(() => {
    if (connection !== 'open') return undefined;
    let stale = false;
    bridge.api.generation
      .list({})
      .then(({ jobs }) => !stale && jobsStore.getState().setAll(jobs))
      .catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [connection]);

  useEffect(() => {
    const offs = [
      bridge.api.on('generation:job', (job) => {
        const before = jobsStore.getState().jobs.find((j) => j.id === job.id);
        jobsStore.getState().upsert(job);
        // Only into the project it was made for: another project may be open by the time it finishes.
        if (job.status === 'done' && job.take && before?.status !== 'done' && isOwnJob(job)) {
          adoptTake(job.take);
        }
      }),
      bridge.api.on('generation:order', ({ ids }) => jobsStore.getState().setOrder(ids)),
    ];
    return () => offs.forEach((off) => off());
  }, []);
}

/** The job was queued for the project on screen (its take may be added to this document). */
export function isOwnJob(
  job: Pick<GenerationJob, 'projectId'>,
  projectId = studioStore.getState().project.id,
) {
  return projectId !== null && job.projectId === projectId;
}

/**
 * Puts a finished take into the project and shows it at once (that is what the artist waited for). A take
 * is a result, not an edit: it stays out of the undo history (see store.ts addResultTake).
 */
export function adoptTake(take: Take): void {
  addResultTake(take);
  studioStore.getState().setSource({ kind: 'take', takeId: take.id }, take.frames?.count ?? 1);
}
