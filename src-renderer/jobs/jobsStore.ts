import { createStore, useStore } from 'zustand';
import type { GenerationJob } from '../../src-shared/generation/ipc';

/**
 * The queue as main reports it (generation:job / generation:order events). Not document data, so it
 * lives outside the studio store and its undo history.
 */
export interface JobsState {
  readonly jobs: readonly GenerationJob[];
  /**
   * Takes the artist deleted from the document: the queue does not offer them back ("Add to project");
   * undo is the way back. Ids are random, so one set serves every project.
   */
  readonly deletedTakes: ReadonlySet<string>;
  markDeleted: (takeId: string) => void;
  upsert: (job: GenerationJob) => void;
  setAll: (jobs: readonly GenerationJob[]) => void;
  setOrder: (ids: readonly string[]) => void;
}

export const jobsStore = createStore<JobsState>()((set, get) => ({
  jobs: [],
  deletedTakes: new Set(),
  markDeleted: (takeId) => set({ deletedTakes: new Set(get().deletedTakes).add(takeId) }),
  upsert: (job) => {
    const jobs = get().jobs;
    const i = jobs.findIndex((j) => j.id === job.id);
    set({ jobs: i < 0 ? [...jobs, job] : jobs.map((j, k) => (k === i ? job : j)) });
  },
  setAll: (jobs) => set({ jobs }),
  setOrder: (ids) => {
    const byId = new Map(get().jobs.map((j) => [j.id, j]));
    set({ jobs: ids.flatMap((id) => byId.get(id) ?? []) });
  },
}));

export function useJobs<T>(selector: (s: JobsState) => T): T {
  return useStore(jobsStore, selector);
}
