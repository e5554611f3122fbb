import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who goes next on the CPU inside the inference host. onnxruntime-node runs a graph (and builds a session)
 * synchronously on the JavaScript thread, so native work is never concurrent here: what matters is the order
 * in which waiting runs start. Without an order they started as their awaits happened to resolve: after the
 * open image's embedding, depth's run (queued while the encoder ran) went before the click that was waiting
 * for that embedding, and the first mask landed with depth (7.9 s instead of 6 s at 512 px, full-size models).
 *
 * Every session.run and session creation in the host goes through `nativeTurn`; waiting runs start most
 * urgent first, in arrival order within an urgency. A run also waits while a more urgent task is between two
 * of its turns (reading a model file, hashing or resizing the image): otherwise depth, ready first, took the
 * lane while the embedding's task was still preparing its input (at 4096 px under load the first mask then
 * came 45 s after depth). The urgency is the task's (host.ts runs the handler in `withUrgency`), so deep
 * model code needs no parameter for it.
 */
export const URGENCIES = ['embedding', 'click', 'interactive', 'background'] as const;
export type Urgency = (typeof URGENCIES)[number];

interface Waiter {
  rank: number;
  seq: number;
  start(): void;
}

const urgency = new AsyncLocalStorage<Urgency>();
/** Set while a turn's own work runs: a nested nativeTurn (a helper that itself takes a turn) runs at once. */
const inTurn = new AsyncLocalStorage<true>();
const waiting: Waiter[] = [];
/** Work the next turn must not start before (replies still being written to main). */
const holds = new Set<Promise<unknown>>();
/** Tasks running now (in withUrgency), by rank. */
const active = URGENCIES.map(() => 0);
let busy = false;
let seq = 0;

/**
 * Runs a task: its native work ranked as `u` (through everything it awaits), and no less urgent turn starts
 * while it runs outside the lane, until it settles.
 */
export async function withUrgency<T>(u: Urgency, fn: () => Promise<T>): Promise<T> {
  const rank = URGENCIES.indexOf(u);
  active[rank] = (active[rank] as number) + 1;
  try {
    return await urgency.run(u, fn);
  } finally {
    active[rank] = (active[rank] as number) - 1;
    if (!busy) dispatchSoon();
  }
}

/** Whether a task more urgent than `rank` is running but not waiting for a turn (it will want one soon). */
function moreUrgentBusy(rank: number): boolean {
  for (let r = 0; r < rank; r++) {
    const queued = waiting.filter((w) => w.rank === r).length;
    if ((active[r] as number) > queued) return true;
  }
  return false;
}

/** The urgency of the calling task ('click' outside any task: tests and benches calling runners directly). */
export function currentUrgency(): Urgency {
  return urgency.getStore() ?? 'click';
}

/** Waits for this task's turn on the native lane, runs `fn` alone, then lets the most urgent waiter go. */
export async function nativeTurn<T>(fn: () => Promise<T>): Promise<T> {
  if (inTurn.getStore()) return fn();
  await new Promise<void>((start) => {
    waiting.push({ rank: URGENCIES.indexOf(currentUrgency()), seq: seq++, start });
    if (!busy) dispatchSoon();
  });
  try {
    return await inTurn.run(true, fn);
  } finally {
    busy = false;
    dispatchSoon();
  }
}

/**
 * The next turn waits until `p` settles. For a reply to main: the IPC channel writes what the pipe does not
 * take at once from the event loop, which a native run blocks, so a click's answer (its mask and 256 KB of
 * refinement logits) otherwise reached main only after the depth run that followed it (9 s at 4096 px).
 */
export function holdNextTurn(p: Promise<unknown>): void {
  holds.add(p);
  void p.finally(() => holds.delete(p)).catch(() => undefined);
}

/**
 * Starts the most urgent waiter on the next check phase, not at once: messages that arrived while the last
 * run blocked the thread (a click, say) are read in the poll phase before it, so they compete for this turn.
 */
function dispatchSoon(): void {
  busy = true;
  setImmediate(() => {
    if (holds.size > 0) {
      void Promise.allSettled([...holds]).then(dispatchSoon);
      return;
    }
    if (waiting.length === 0) {
      busy = false;
      return;
    }
    let best = 0;
    for (let i = 1; i < waiting.length; i++) {
      const w = waiting[i] as Waiter;
      const b = waiting[best] as Waiter;
      if (w.rank < b.rank || (w.rank === b.rank && w.seq < b.seq)) best = i;
    }
    if (moreUrgentBusy((waiting[best] as Waiter).rank)) {
      busy = false; // the next waiter, or the end of that task, dispatches again
      return;
    }
    const [next] = waiting.splice(best, 1);
    next?.start();
  });
}
