import { fork } from 'node:child_process';
import { type FromHost, HostErrorCode, type ProvidersReport, type ToHost } from './protocol';

/** A started host process, whatever launched it (Node fork here, Electron utilityProcess in electronHost.ts). */
export interface HostChannel {
  send(m: ToHost): void;
  onMessage(fn: (m: FromHost) => void): void;
  onExit(fn: (code: number | null) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}
export type HostLauncher = () => HostChannel;

export function forkLauncher(entry: string, env: Record<string, string> = {}): HostLauncher {
  return () => {
    const child = fork(entry, [], {
      serialization: 'advanced', // structured clone: Float32Array crosses as is
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return {
      send: (m) => void child.send(m),
      onMessage: (fn) => child.on('message', (m) => fn(m as FromHost)),
      onExit: (fn) => child.once('exit', (code) => fn(code)),
      kill: () => void child.kill('SIGKILL'),
      get pid() {
        return child.pid;
      },
    };
  };
}

export class InferenceError extends Error {
  override readonly name = 'InferenceError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type HostStatusEvent =
  | { state: 'starting' | 'ready' | 'stopped'; message?: string }
  | { state: 'crashed' | 'restarting'; message: string };

export interface ClientOptions {
  launch: HostLauncher;
  onStatus?: (s: HostStatusEvent) => void;
  /** First restart delay; doubles per consecutive crash up to 30 s (reset once the host is ready). */
  restartDelayMs?: number;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onProgress: ((done: number, total: number, detail?: string) => void) | undefined;
}

/**
 * Main's side of the inference host: request/response by id, progress, cancel, crash detection with
 * automatic restart (backoff), and a clean `dispose` on quit. Requests in flight when the host dies fail
 * with inference/host-crashed; the next request goes to the restarted host.
 */
export class InferenceClient {
  private host: HostChannel | null = null;
  private readyPromise: Promise<ProvidersReport> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private crashes = 0;
  private disposed = false;
  private restartTimer: NodeJS.Timeout | null = null;
  providers: ProvidersReport | null = null;

  constructor(private readonly opts: ClientOptions) {}

  get pid(): number | undefined {
    return this.host?.pid;
  }

  /** Starts the host if needed; resolves with the providers it reported. */
  ready(): Promise<ProvidersReport> {
    if (this.disposed)
      return Promise.reject(new InferenceError(HostErrorCode.Stopped, 'inference host is stopped'));
    this.readyPromise ??= this.start();
    return this.readyPromise;
  }

  private start(): Promise<ProvidersReport> {
    this.opts.onStatus?.({ state: 'starting' });
    const host = this.opts.launch();
    this.host = host;
    return new Promise<ProvidersReport>((resolve, reject) => {
      host.onMessage((m) => {
        if (m.type === 'ready') {
          this.providers = m.providers;
          this.crashes = 0;
          this.opts.onStatus?.({ state: 'ready' });
          resolve(m.providers);
        } else if (m.type === 'progress') {
          this.pending.get(m.id)?.onProgress?.(m.done, m.total, m.detail);
        } else {
          const p = this.pending.get(m.id);
          if (!p) return;
          this.pending.delete(m.id);
          if (m.ok) p.resolve(m.result);
          else p.reject(new InferenceError(m.error.code, m.error.message));
        }
      });
      host.onExit((code) => {
        if (this.host === host) this.host = null;
        this.readyPromise = null;
        const why = `inference host exited (code ${code ?? 'signal'})`;
        reject(new InferenceError(HostErrorCode.Crashed, why));
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          p.reject(new InferenceError(HostErrorCode.Crashed, `${why} while working; try again`));
        }
        if (!this.disposed) this.scheduleRestart(why);
      });
    });
  }

  private scheduleRestart(why: string): void {
    this.crashes++;
    const delay = Math.min(30_000, (this.opts.restartDelayMs ?? 500) * 2 ** (this.crashes - 1));
    this.opts.onStatus?.({
      state: 'crashed',
      message: `${why}. Restarting in ${Math.round(delay / 100) / 10} s; the app keeps running.`,
    });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.disposed) return;
      this.opts.onStatus?.({ state: 'restarting', message: `restart ${this.crashes}` });
      this.ready().catch(() => undefined); // a failed start exits and schedules the next attempt
    }, delay);
  }

  /** Runs a task; `signal` cancels it (the promise rejects with inference/cancelled). */
  async run<T = unknown>(
    task: string,
    payload: unknown,
    opts: { signal?: AbortSignal; onProgress?: (done: number, total: number, detail?: string) => void } = {},
  ): Promise<T> {
    await this.ready();
    const host = this.host;
    if (!host) throw new InferenceError(HostErrorCode.Crashed, 'inference host is not running; try again');
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: opts.onProgress });
      opts.signal?.addEventListener('abort', () => this.host?.send({ type: 'cancel', id }), { once: true });
      host.send({ type: 'run', id, task, payload });
    });
  }

  async ping(): Promise<{ pid: number; sessions: number }> {
    await this.ready();
    return this.request({ type: 'ping', id: this.nextId++ }) as Promise<{ pid: number; sessions: number }>;
  }

  private request(m: ToHost): Promise<unknown> {
    const host = this.host;
    if (!host)
      return Promise.reject(new InferenceError(HostErrorCode.Crashed, 'inference host is not running'));
    return new Promise((resolve, reject) => {
      this.pending.set(m.id, { resolve, reject, onProgress: undefined });
      host.send(m);
    });
  }

  /** Releases sessions and stops the host; waits up to `timeoutMs`, then kills it. */
  async dispose(timeoutMs = 1500): Promise<void> {
    this.disposed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const host = this.host;
    if (!host) return;
    const exited = new Promise<void>((r) => host.onExit(() => r()));
    const timer = setTimeout(() => host.kill(), timeoutMs);
    this.request({ type: 'dispose', id: this.nextId++ }).catch(() => undefined);
    await exited;
    clearTimeout(timer);
    this.opts.onStatus?.({ state: 'stopped' });
  }
}
