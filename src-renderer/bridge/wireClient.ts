import { WireMessage, type WireRequest } from '../../src-shared/ipc/wire';
import { decodeFrame, encodeFrame } from '../../src-shared/ipc/wireBinary';
import { StudioError, TransportErrorCode } from './errors';

/** The subset of the browser WebSocket this client uses, so tests can drive it with a fake. */
export interface SocketLike {
  readonly readyState: number;
  /** Set to 'arraybuffer': binary messages (typed arrays in results, wireBinary.ts) arrive as ArrayBuffers. */
  binaryType?: string;
  /** Text for frames without typed arrays; one binary message for those with (wireBinary.ts). */
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WireConnectionState = 'connecting' | 'open' | 'reconnecting' | 'restarted' | 'closed';

/** Whether the host still knows this page's link: `gone` after it restarted (new token). */
export type SessionProbe = () => Promise<'current' | 'gone' | 'unreachable'>;

export interface WireClientOptions {
  readonly url: string;
  readonly createSocket: (url: string) => SocketLike;
  readonly onConnectionChange?: (state: WireConnectionState, attempt: number) => void;
  /** Delays between reconnect attempts; the last one repeats. */
  readonly reconnectDelaysMs?: readonly number[];
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  /**
   * Asked after the socket closes. A refused socket looks the same as a host that is down, so without it
   * a page whose host restarted (and refuses the old token) would say "reconnecting" for ever.
   */
  readonly probeSession?: SessionProbe;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
}

const OPEN = 1;

/**
 * Carries the contract over a WebSocket as wire.ts frames: numbered requests answered by responses with
 * the same id, plus pushed events. Requests made while (re)connecting wait for the socket; requests in
 * flight when it drops fail with ConnectionLost rather than being replayed, since they may not be idempotent.
 */
export class WireClient {
  private socket: SocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private queue: WireRequest[] = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private attempt = 0;
  private timer: unknown = null;
  private disposed = false;

  constructor(private readonly opts: WireClientOptions) {
    this.connect();
  }

  request(channel: string, payload: unknown): Promise<unknown> {
    if (this.disposed)
      return Promise.reject(new StudioError(TransportErrorCode.Disposed, 'The studio connection is closed.'));
    const frame: WireRequest = { kind: 'request', id: this.nextId++, channel, payload };
    return new Promise((resolve, reject) => {
      this.pending.set(frame.id, { resolve, reject });
      if (this.socket?.readyState === OPEN) this.socket.send(encodeFrame(frame));
      else this.queue.push(frame);
    });
  }

  on(channel: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer !== null) (this.opts.clearTimer ?? clearTimeout)(this.timer as number);
    this.failAll(new StudioError(TransportErrorCode.Disposed, 'The studio connection is closed.'));
    this.socket?.close(1000, 'disposed');
    this.socket = null;
    this.opts.onConnectionChange?.('closed', this.attempt);
  }

  private connect(): void {
    this.opts.onConnectionChange?.(this.attempt === 0 ? 'connecting' : 'reconnecting', this.attempt);
    const socket = this.opts.createSocket(this.opts.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.opts.onConnectionChange?.('open', 0);
      const queued = this.queue;
      this.queue = [];
      for (const frame of queued) socket.send(encodeFrame(frame));
    };
    socket.onmessage = (ev) => this.receive(ev.data);
    socket.onerror = () => {
      // A close event always follows; reconnecting is handled there.
    };
    socket.onclose = () => {
      if (this.socket !== socket || this.disposed) return;
      this.socket = null;
      // Requests already sent may never be answered; queued ones are kept for the next socket.
      const sent = [...this.pending.keys()].filter((id) => !this.queue.some((f) => f.id === id));
      for (const id of sent) {
        this.pending
          .get(id)
          ?.reject(
            new StudioError(TransportErrorCode.ConnectionLost, 'The connection to the studio host was lost.'),
          );
        this.pending.delete(id);
      }
      if (this.opts.probeSession) void this.afterClose(this.opts.probeSession);
      else this.scheduleReconnect();
    };
  }

  private async afterClose(probe: SessionProbe): Promise<void> {
    this.opts.onConnectionChange?.('reconnecting', this.attempt);
    const state = await probe().catch(() => 'unreachable' as const);
    if (this.disposed) return;
    if (state !== 'gone') return this.scheduleReconnect();
    // The host is up but no longer knows this page: nothing will ever be answered here.
    this.disposed = true;
    this.failAll(
      new StudioError(
        TransportErrorCode.HostRestarted,
        'The studio host restarted, and this page’s link is no longer valid.',
      ),
    );
    this.opts.onConnectionChange?.('restarted', this.attempt);
  }

  private scheduleReconnect(): void {
    const delays = this.opts.reconnectDelaysMs ?? [250, 500, 1000, 2000, 5000];
    const delay = delays[Math.min(this.attempt, delays.length - 1)] ?? 5000;
    this.attempt++;
    this.opts.onConnectionChange?.('reconnecting', this.attempt);
    this.timer = (this.opts.setTimer ?? setTimeout)(() => {
      this.timer = null;
      if (!this.disposed) this.connect();
    }, delay);
  }

  private receive(data: unknown): void {
    let parsed: WireMessage;
    try {
      parsed = WireMessage.parse(
        decodeFrame(data instanceof ArrayBuffer || data instanceof Uint8Array ? data : String(data)),
      );
    } catch {
      console.warn('Ignoring a frame that is not a wire message');
      return;
    }
    if (parsed.kind === 'response') {
      const pending = this.pending.get(parsed.id);
      if (!pending) return;
      this.pending.delete(parsed.id);
      if (parsed.ok) pending.resolve(parsed.result);
      else pending.reject(new StudioError(parsed.error.code, parsed.error.message));
    } else if (parsed.kind === 'event') {
      for (const listener of this.listeners.get(parsed.channel) ?? []) listener(parsed.payload);
    }
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.queue = [];
  }
}
