import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ErrorCode, type EventChannel, type EventOf } from '../../src-shared/ipc/contract';
import { WireRequest, type WireEvent, type WireResponse } from '../../src-shared/ipc/wire';
import { UPLOAD_PIECE_BYTES } from '../../src-shared/ipc/upload';
import { decodeFrame, encodeFrame } from '../../src-shared/ipc/wireBinary';
import { handleRequest } from '../ipc/dispatcher';
import type { StudioServices } from '../services';
import { CONTENT_SECURITY_POLICY } from '../security';
import { sameSecret } from './sameSecret';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface BrowserServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  broadcast<E extends EventChannel>(channel: E, payload: EventOf<E>): void;
  close(): Promise<void>;
}

/**
 * Largest message the page may send. Bytes never need more than a piece (UPLOAD_PIECE_BYTES; larger data
 * goes ahead with upload:piece), but a generation scene carries its masks inline: run lengths as
 * Uint32Arrays in the binary frame (up to 254 objects and 1024 automatic segments, a few thousand runs
 * each on a large image) can reach tens of MB. 256 MiB keeps those working and still refuses, before main
 * buffers it, anything like the 768 MiB messages the base64 uploads needed.
 */
export const MAX_REQUEST_BYTES = Math.max(UPLOAD_PIECE_BYTES, 256 << 20);

/** A message's bytes as one array (ws gives a Buffer, or a list of them for a fragmented message). */
function rawBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/** The request's URL, or null for one that does not parse (`GET //[`): thrown in a listener, it ended the host. */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** Serves the built renderer, its assets and the contract over a WebSocket on 127.0.0.1 only. */
export async function startBrowserServer(opts: {
  rendererDir: string;
  services: () => StudioServices;
  port?: number;
  token?: string;
  /** MAX_REQUEST_BYTES unless a test needs a smaller limit to reach cheaply. */
  maxRequestBytes?: number;
}): Promise<BrowserServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  let origin = '';

  async function serveFile(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const root = normalize(opts.rendererDir);
    const file = normalize(join(root, path === '/' ? 'index.html' : decodeURIComponent(path)));
    if (!file.startsWith(root + sep)) return void res.writeHead(403).end();
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return void res.writeHead(404).end('not found');
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : await readFile(file));
  }

  const server = createServer((req, res) => {
    const url = requestUrl(req);
    if (!url) return void res.writeHead(400).end('bad request');
    if (url.pathname === '/session') {
      // A page whose socket keeps failing asks whether its link is still this host's: after a restart the
      // host has a new token (410 Gone), which the page tells the user instead of retrying for ever.
      const current = sameSecret(url.searchParams.get('token'), token);
      return void res.writeHead(current ? 204 : 410, { 'Cache-Control': 'no-store' }).end();
    }
    if (url.pathname.startsWith('/asset/')) {
      // /asset/<token>/image/<id>: the token part is compared in constant time like every other check.
      const m = /^\/asset\/([^/]*)\/image\/(.*)$/s.exec(url.pathname);
      const asset = m && sameSecret(m[1], token) ? opts.services().assets.get(m[2] ?? '') : undefined;
      if (!asset) return void res.writeHead(404).end('not found');
      res.writeHead(200, {
        'Content-Type': asset.mime,
        'Cache-Control': 'private, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      });
      return void res.end(asset.bytes);
    }
    serveFile(req, res, url.pathname).catch(() => {
      // Headers may already be out (a read failing after them): then only end the response.
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  // What one message from the page may hold (MAX_REQUEST_BYTES): a larger one closes that socket (1009)
  // before main buffers it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxRequestBytes ?? MAX_REQUEST_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = requestUrl(req);
    const loopback =
      req.socket.remoteAddress === '127.0.0.1' || req.socket.remoteAddress === '::ffff:127.0.0.1';
    const ok =
      url?.pathname === '/ws' &&
      sameSecret(url.searchParams.get('token'), token) &&
      loopback &&
      req.headers.origin === origin;
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Each socket is its own connection for file handles (services/files): a page reloaded, or another
      // tab, cannot use handles issued to this one.
      const scope = `socket:${randomBytes(12).toString('base64url')}`;
      sockets.add(ws);
      // A protocol error (a message over maxPayload) must not become an unhandled 'error' event, which
      // would end the host; ws itself closes that socket (1009 "message too big").
      ws.on('error', () => undefined);
      ws.on('close', () => {
        sockets.delete(ws);
        dropFileScope(scope);
      });
      // Never unhandled: a frame's failure (even a reply too large to send) becomes that frame's error reply.
      ws.on(
        'message',
        (data, isBinary) => void onFrame(ws, data, isBinary, scope).catch(() => ws.terminate()),
      );
    });
  });

  function reply(ws: WebSocket, response: WireResponse): void {
    if (ws.readyState !== ws.OPEN) return;
    let message: string | Uint8Array;
    try {
      // Typed arrays in the result (depth maps) go as one binary message, not as base64 text (wireBinary.ts).
      message = encodeFrame(response);
    } catch (e) {
      // A result that cannot be encoded (text past V8's string limit, ~512 MiB): say so instead of dying.
      message = JSON.stringify({
        kind: 'response',
        id: response.id,
        ok: false,
        error: {
          code: 'ipc/reply-too-large',
          message: `The reply to this request is too large to send (${(e as Error).message}).`,
        },
      } satisfies WireResponse);
    }
    // A send that fails (the socket closing meanwhile) ends that socket only.
    ws.send(message, (err) => err && ws.terminate());
  }

  /** The socket's file handles and uploads go with it (nothing to drop while the services are not up yet). */
  function dropFileScope(scope: string): void {
    let services: Partial<StudioServices>;
    try {
      services = opts.services();
    } catch {
      return;
    }
    services.files?.grants.dropScope(scope);
    services.uploads?.dropScope(scope);
  }

  async function onFrame(ws: WebSocket, data: RawData, isBinary: boolean, scope: string): Promise<void> {
    let json: unknown;
    try {
      // Binary: a frame with typed arrays (wireBinary.ts); they arrive as typed arrays, never as text.
      json = isBinary ? decodeFrame(rawBytes(data)) : JSON.parse(data.toString());
    } catch {
      json = null;
    }
    const frame = WireRequest.safeParse(json);
    if (!frame.success) {
      const id = typeof (json as { id?: unknown } | null)?.id === 'number' ? (json as { id: number }).id : -1;
      return reply(ws, {
        kind: 'response',
        id,
        ok: false,
        error: { code: 'ipc/bad-frame', message: 'not a request frame' },
      });
    }
    let services: StudioServices;
    try {
      services = opts.services();
    } catch {
      return reply(ws, {
        kind: 'response',
        id: frame.data.id,
        ok: false,
        error: { code: ErrorCode.Internal, message: 'The studio is still starting. Try again in a moment.' },
      });
    }
    const r = await handleRequest(services, frame.data.channel, frame.data.payload, scope);
    reply(
      ws,
      r.ok
        ? { kind: 'response', id: frame.data.id, ok: true, result: r.result }
        : { kind: 'response', id: frame.data.id, ok: false, error: r.error },
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    broadcast(channel, payload) {
      const frame: WireEvent = { kind: 'event', channel, payload };
      let message: string | Uint8Array;
      try {
        // Called from services' callbacks (progress, status): an event that cannot be encoded is dropped
        // and logged, never thrown into the service that emitted it.
        message = encodeFrame(frame);
      } catch (e) {
        console.error(`[${channel}] event not sent: ${(e as Error).message}`);
        return;
      }
      for (const ws of sockets)
        if (ws.readyState === ws.OPEN) ws.send(message, (err) => err && ws.terminate());
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
