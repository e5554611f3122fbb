import WebSocket from 'ws';
import type { BrowserServer } from '../../../src-main/hosts/browserServer';
import { decodeFrame } from '../../../src-shared/ipc/wireBinary';

/** A socket to a browser host, as its own page opens it (token, Origin). */
export function connectHost(server: Pick<BrowserServer, 'port' | 'token'>): Promise<WebSocket> {
  return new Promise((res, rej) => {
    const w = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
      origin: `http://127.0.0.1:${server.port}`,
    });
    w.once('open', () => res(w));
    w.once('error', rej);
  });
}

export interface HostReply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

/** One request; resolves to its reply (text or binary frame), calling `seen` with every message's size. */
export function request(
  ws: WebSocket,
  id: number,
  channel: string,
  payload: unknown,
  seen: (bytes: number) => void = () => undefined,
): Promise<HostReply> {
  return new Promise((res, rej) => {
    const onMessage = (d: WebSocket.RawData, binary: boolean): void => {
      const raw = binary ? new Uint8Array(d as Buffer) : d.toString();
      seen(raw.length);
      const r = decodeFrame(raw) as HostReply;
      if (r.id !== id) return;
      ws.off('message', onMessage);
      ws.off('close', onClose);
      res(r);
    };
    const onClose = (): void => rej(new Error('the host closed the connection'));
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(JSON.stringify({ kind: 'request', id, channel, payload }));
  });
}
