import { TaskCancelled } from './taskContext';

/**
 * Interactive work (a click, the open image's embedding and depth) goes ahead of background work (automatic
 * masks, control frames, generations between steps). Both run in the same host: interactive tasks start at
 * once (their native runs then go in urgency order, nativeLane.ts); background tasks call `pause()` between
 * small chunks, which lets queued messages in (one turn of the event loop, so a click is seen even while a
 * long job computes) and then waits while any interactive task runs. A click therefore waits for at most the
 * chunk already running.
 */
export class PriorityGate {
  private active = 0;
  private readonly waiting = new Set<() => void>();

  /** Marks interactive work as running until the returned function is called (once). */
  hold(): () => void {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      if (this.active === 0) for (const wake of [...this.waiting]) wake();
    };
  }

  get busy(): boolean {
    return this.active > 0;
  }

  /** Yields to the event loop, then waits while interactive work runs; throws TaskCancelled once aborted. */
  async pause(signal: AbortSignal): Promise<void> {
    await new Promise((r) => setImmediate(r));
    while (this.active > 0 && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.waiting.delete(wake);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        this.waiting.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
    if (signal.aborted) throw new TaskCancelled('cancelled');
  }
}
