import type { SessionCache } from './sessionCache';

export interface TaskContext {
  readonly sessions: SessionCache;
  /** Providers to use, best first (from detection or the user's choice). */
  readonly providers: readonly string[];
  readonly signal: AbortSignal;
  reportProgress(done: number, total: number, detail?: string): void;
  /**
   * Background tasks await this between chunks: it lets interactive work go first (priority.ts) and throws
   * TaskCancelled once the task is cancelled. Interactive tasks never need it (it returns at once for them).
   */
  pause(): Promise<void>;
}

export type TaskHandler = (ctx: TaskContext, payload: unknown) => Promise<unknown>;

/** Thrown by handlers when ctx.signal fired; the host answers with inference/cancelled. */
export class TaskCancelled extends Error {
  override readonly name = 'TaskCancelled';
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new TaskCancelled('cancelled');
}
