import WebSocket from 'ws';
import { decodeFrame, encodeFrame } from '../../../src-shared/ipc/wireBinary';

/**
 * A test's end of the browser host's WebSocket (what the renderer's wire client does): requests by id,
 * replies in text or binary frames (wireBinary.ts), events recorded in order.
 */
export interface HostSocket {
  call<T>(channel: string, payload: unknown): Promise<T>;
  readonly events: { channel: string; payload: unknown }[];
  /** The largest message received so far, in bytes or characters. */
  readonly largestMessage: number;
  /** The largest message sent so far, in bytes or characters, and whether any was binary. */
  readonly largestSent: number;
  readonly sentBinary: boolean;
  /** Resolves with the first event (recorded or to come) that `test` accepts. */
  waitForEvent(test: (channel: string, payload: unknown) => boolean): Promise<unknown>;
  close(): void;
}

export async function connectHost(url: string): Promise<HostSocket> {
  const u = new URL(url);
  const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`, { origin: u.origin });
  await new Promise((res, rej) => {
    ws.once('open', res);
    ws.once('error', rej);
  });
  const waiting = new Map<number, { res(v: unknown): void; rej(e: Error): void }>();
  const events: HostSocket['events'] = [];
  const watchers: { test: (c: string, p: unknown) => boolean; res(p: unknown): void }[] = [];
  let largest = 0;
  let largestSent = 0;
  let sentBinary = false;
  ws.on('message', (data, isBinary) => {
    const raw = isBinary ? (data as Buffer) : data.toString();
    largest = Math.max(largest, raw.length);
    const frame = decodeFrame(raw) as {
      kind: string;
      id?: number;
      ok?: boolean;
      result?: unknown;
      error?: { code: string; message: string };
      channel?: string;
      payload?: unknown;
    };
    if (frame.kind === 'event') {
      events.push({ channel: frame.channel!, payload: frame.payload });
      for (const w of [...watchers])
        if (w.test(frame.channel!, frame.payload)) {
          watchers.splice(watchers.indexOf(w), 1);
          w.res(frame.payload);
        }
      return;
    }
    const p = waiting.get(frame.id!);
    waiting.delete(frame.id!);
    if (frame.ok) p?.res(frame.result);
    else p?.rej(Object.assign(new Error(frame.error?.message), { code: frame.error?.code }));
  });
  let nextId = 1;
  return {
    events,
    get largestMessage() {
      return largest;
    },
    get largestSent() {
      return largestSent;
    },
    get sentBinary() {
      return sentBinary;
    },
    call<T>(channel: string, payload: unknown): Promise<T> {
      const id = nextId++;
      return new Promise<T>((res, rej) => {
        waiting.set(id, { res: res as (v: unknown) => void, rej });
        // As the page's wire client: typed arrays in the payload make one binary message (wireBinary.ts).
        const message = encodeFrame({ kind: 'request', id, channel, payload });
        largestSent = Math.max(largestSent, message.length);
        sentBinary ||= typeof message !== 'string';
        ws.send(message);
      });
    },
    waitForEvent(test) {
      const seen = events.find((e) => test(e.channel, e.payload));
      if (seen) return Promise.resolve(seen.payload);
      return new Promise((res) => watchers.push({ test, res }));
    },
    close: () => ws.close(),
  };
}
