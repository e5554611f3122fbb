import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src-shared/ipc/wireBinary';
import { StudioError, TransportErrorCode } from './errors';
import { WireClient, type SocketLike, type WireConnectionState } from './wireClient';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string | Uint8Array) {
    this.binary.push(typeof data !== 'string');
    this.sent.push(decodeFrame(data));
  }
  binary: boolean[] = [];
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }
  push(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

function setup(probe?: () => Promise<'current' | 'gone' | 'unreachable'>) {
  const sockets: FakeSocket[] = [];
  const states: WireConnectionState[] = [];
  const timers: (() => void)[] = [];
  const client = new WireClient({
    url: 'ws://127.0.0.1:1/ws?token=t',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    onConnectionChange: (s) => states.push(s),
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => {},
    ...(probe ? { probeSession: probe } : {}),
  });
  return { client, sockets, states, timers, last: () => sockets[sockets.length - 1]! };
}

describe('WireClient', () => {
  it('queues requests until open and resolves them by id', async () => {
    const { client, last } = setup();
    const a = client.request('app:getInfo', {});
    const b = client.request('image:openPath', { path: '/x.png' });
    expect(last().sent).toHaveLength(0);
    last().open();
    expect(last().sent).toEqual([
      { kind: 'request', id: 1, channel: 'app:getInfo', payload: {} },
      { kind: 'request', id: 2, channel: 'image:openPath', payload: { path: '/x.png' } },
    ]);
    // Answers may come in any order.
    last().push({ kind: 'response', id: 2, ok: true, result: 'second' });
    last().push({ kind: 'response', id: 1, ok: true, result: { version: '1' } });
    await expect(a).resolves.toEqual({ version: '1' });
    await expect(b).resolves.toBe('second');
  });

  it('sends typed arrays as one binary message, the rest as text', () => {
    const { client, last } = setup();
    last().open();
    const bytes = Uint8Array.of(1, 2, 250);
    void client.request('upload:piece', { upload: 'u', name: 'blob', part: 0, parts: 1, bytes });
    void client.request('app:getInfo', {});
    expect(last().binary).toEqual([true, false]);
    const sent = last().sent[0] as { payload: { bytes: Uint8Array } };
    expect(sent.payload.bytes).toBeInstanceOf(Uint8Array);
    expect([...sent.payload.bytes]).toEqual([1, 2, 250]);
  });

  it('rejects with the host error code and message', async () => {
    const { client, last } = setup();
    last().open();
    const p = client.request('image:importBytes', {});
    last().push({
      kind: 'response',
      id: 1,
      ok: false,
      error: { code: 'image/not-an-image', message: 'nope' },
    });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect(err).toMatchObject({ code: 'image/not-an-image', message: 'nope' });
  });

  it('delivers events to listeners until they unsubscribe, and ignores garbage frames', () => {
    const { client, last } = setup();
    last().open();
    const got: unknown[] = [];
    const off = client.on('inference:progress', (p) => got.push(p));
    last().push({ kind: 'event', channel: 'inference:progress', payload: { done: 1 } });
    last().push({ kind: 'event', channel: 'app:notice', payload: 'other' });
    last().onmessage?.({ data: 'not json' });
    off();
    last().push({ kind: 'event', channel: 'inference:progress', payload: { done: 2 } });
    expect(got).toEqual([{ done: 1 }]);
  });

  it('fails requests in flight when the socket drops, reconnects, and sends later requests', async () => {
    const { client, sockets, states, timers, last } = setup();
    last().open();
    const inFlight = client.request('app:getInfo', {});
    last().drop();
    await expect(inFlight).rejects.toMatchObject({ code: TransportErrorCode.ConnectionLost });
    expect(states).toEqual(['connecting', 'open', 'reconnecting']);
    const later = client.request('app:getInfo', {});
    expect(timers).toHaveLength(1);
    timers[0]!();
    expect(sockets).toHaveLength(2);
    last().open();
    expect(last().sent).toEqual([{ kind: 'request', id: 2, channel: 'app:getInfo', payload: {} }]);
    last().push({ kind: 'response', id: 2, ok: true, result: 42 });
    await expect(later).resolves.toBe(42);
    expect(states.at(-1)).toBe('open');
  });

  it('rejects everything after dispose', async () => {
    const { client, last } = setup();
    const queued = client.request('app:getInfo', {});
    client.dispose();
    await expect(queued).rejects.toMatchObject({ code: TransportErrorCode.Disposed });
    await expect(client.request('app:getInfo', {})).rejects.toMatchObject({
      code: TransportErrorCode.Disposed,
    });
    expect(last().readyState).toBe(3);
  });

  it('after the host restarted (old link refused) says so, stops retrying and fails what waits', async () => {
    let answer: 'current' | 'gone' | 'unreachable' = 'unreachable';
    const { client, last, states, timers } = setup(async () => answer);
    last().open();
    last().drop();
    const settle = () => new Promise((r) => setTimeout(r, 0));
    await settle();
    // Host down for a moment: it keeps trying.
    expect(states.at(-1)).toBe('reconnecting');
    expect(timers).toHaveLength(1);
    const queued = client.request('project:save', {}).catch((e: unknown) => e);
    answer = 'gone';
    timers[0]?.();
    last().drop(); // the new host refuses the old token
    await settle();
    const err = await queued;
    expect(err).toMatchObject({ code: TransportErrorCode.HostRestarted });
    expect(states.at(-1)).toBe('restarted');
    expect(timers).toHaveLength(1); // no more attempts
    await expect(client.request('project:save', {})).rejects.toMatchObject({
      code: TransportErrorCode.Disposed,
    });
  });
});
