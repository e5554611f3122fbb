/**
 * Inference host entry: the only process that loads onnxruntime-node. Runs as an Electron utilityProcess
 * (messages on process.parentPort) or as a Node child process (process.send / 'message').
 */
import { type FromHost, HostErrorCode, type ProvidersReport, type ToHost } from './protocol';
import { detectProviders } from './providers';
import { SessionCache } from './sessionCache';
import { PriorityGate } from './priority';
import { holdNextTurn, withUrgency } from './nativeLane';
import { TaskCancelled, taskUrgency, tasks } from './tasks';

interface ParentPortLike {
  on(event: 'message', fn: (e: { data: unknown }) => void): void;
  postMessage(msg: unknown): void;
}

function transport(): { send(m: FromHost): void; onMessage(fn: (m: ToHost) => void): void } {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (m) => parentPort.postMessage(m),
      onMessage: (fn) => parentPort.on('message', (e) => fn(e.data as ToHost)),
    };
  }
  if (!process.send) throw new Error('inference host must be started by the studio (no parent channel)');
  return {
    // Native runs wait until the message is written (nativeLane.ts); Electron's parentPort has no callback.
    send: (m) =>
      holdNextTurn(new Promise((written) => process.send?.(m, undefined, undefined, () => written(null)))),
    onMessage: (fn) => process.on('message', (m) => fn(m as ToHost)),
  };
}

async function main(): Promise<void> {
  const io = transport();
  // Listen before probing: a message arriving during the probe (e.g. dispose at quit) must not be lost.
  const queued: ToHost[] = [];
  let handle: ((m: ToHost) => void) | null = null;
  io.onMessage((m) => (handle ? handle(m) : queued.push(m)));
  const providers: ProvidersReport =
    process.env['LEVITOR_SKIP_GPU_PROBE'] === '1'
      ? { available: ['cpu'], active: 'cpu', notes: ['GPU probe skipped (LEVITOR_SKIP_GPU_PROBE=1)'] }
      : await detectProviders();
  const sessions = new SessionCache([providers.active]);
  const running = new Map<number, AbortController>();
  const gate = new PriorityGate();

  async function run(id: number, task: string, payload: unknown): Promise<void> {
    const handler = tasks[task];
    if (!handler) {
      const known = Object.keys(tasks).join(', ');
      io.send({
        type: 'result',
        id,
        ok: false,
        error: { code: HostErrorCode.UnknownTask, message: `unknown task "${task}" (known: ${known})` },
      });
      return;
    }
    const abort = new AbortController();
    running.set(id, abort);
    const urgency = taskUrgency[task] ?? 'interactive';
    const background = urgency === 'background';
    const release = background ? () => undefined : gate.hold();
    const pause = background ? () => gate.pause(abort.signal) : () => Promise.resolve();
    try {
      // Background work starts only once nothing interactive runs.
      await pause();
      const result = await withUrgency(urgency, () =>
        handler(
          {
            sessions,
            providers: [providers.active],
            signal: abort.signal,
            pause,
            reportProgress: (done, total, detail) =>
              io.send({ type: 'progress', id, done, total, ...(detail !== undefined ? { detail } : {}) }),
          },
          payload,
        ),
      );
      io.send({ type: 'result', id, ok: true, result });
    } catch (e) {
      const cancelled = e instanceof TaskCancelled || abort.signal.aborted;
      const error = cancelled
        ? { code: HostErrorCode.Cancelled, message: `task ${task} was cancelled` }
        : { code: HostErrorCode.Failed, message: `${task} failed: ${(e as Error).message ?? String(e)}` };
      io.send({ type: 'result', id, ok: false, error });
    } finally {
      release();
      running.delete(id);
    }
  }

  handle = (m) => {
    switch (m.type) {
      case 'run':
        void run(m.id, m.task, m.payload);
        break;
      case 'cancel':
        running.get(m.id)?.abort();
        break;
      case 'ping':
        io.send({
          type: 'result',
          id: m.id,
          ok: true,
          result: { pid: process.pid, sessions: sessions.size },
        });
        break;
      case 'dispose':
        for (const a of running.values()) a.abort();
        // A native run in flight cannot be interrupted and may hold its session's release back; the process
        // is leaving anyway (the OS frees what it holds), so quitting never waits more than a moment for it.
        void Promise.race([sessions.dispose(), new Promise((r) => setTimeout(r, 250))]).then(() => {
          io.send({ type: 'result', id: m.id, ok: true, result: null });
          // Let the reply flush before leaving.
          setTimeout(() => process.exit(0), 20);
        });
        break;
    }
  };
  io.send({ type: 'ready', providers });
  for (const m of queued.splice(0)) handle(m);
}

main().catch((e: unknown) => {
  console.error('inference host failed to start:', e);
  process.exit(1);
});
