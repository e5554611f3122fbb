/** Running jobs by id, so `jobs:cancel` can abort one from any transport. */
export class JobRegistry {
  private readonly jobs = new Map<string, AbortController>();

  start(jobId: string): AbortSignal {
    const c = new AbortController();
    this.jobs.set(jobId, c);
    return c.signal;
  }

  finish(jobId: string): void {
    this.jobs.delete(jobId);
  }

  cancel(jobId: string): boolean {
    const c = this.jobs.get(jobId);
    if (!c) return false;
    c.abort();
    this.jobs.delete(jobId);
    return true;
  }

  cancelAll(): void {
    for (const c of this.jobs.values()) c.abort();
    this.jobs.clear();
  }
}
