import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NetworkPolicy } from '../../src-main/services/models/netPolicy';

/**
 * The test servers listen on 127.0.0.1, which downloads refuse unless main's own code allows local
 * addresses (netPolicy.ts): tests name this switch wherever they download from them.
 */
export const LOCAL_SERVERS: NetworkPolicy = { allowLocal: true };

/** One route of the test server; `mode` picks the misbehaviour under test. */
export interface Route {
  body: Buffer;
  /** 'cut': destroy the socket after cutAfter bytes (first `cuts` requests only). */
  mode?: 'ok' | 'cut' | 'ignore-range' | 'status' | 'slow' | 'redirect';
  cutAfter?: number;
  cuts?: number;
  status?: number;
  redirectTo?: string;
  /** 'slow': bytes sent every 20 ms (default 1024). */
  chunk?: number;
  /**
   * The bearer token the route wants, as a gated hub repository does: no token gets 401, another token
   * 403 (a valid account that has not been granted access).
   */
  auth?: string;
}

export interface RequestLog {
  path: string;
  range: string | undefined;
  authorization: string | undefined;
}

export interface TestServer {
  base: string;
  host: string;
  routes: Map<string, Route>;
  log: RequestLog[];
  close(): Promise<void>;
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

export function randomBody(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

/** A real node:http server on 127.0.0.1 (random port) that honours Range unless told otherwise. */
export async function startServer(host = '127.0.0.1'): Promise<TestServer> {
  const routes = new Map<string, Route>();
  const log: RequestLog[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    log.push({ path, range: req.headers.range, authorization: req.headers.authorization });
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    if (route.auth !== undefined && req.headers.authorization !== `Bearer ${route.auth}`) {
      res.writeHead(req.headers.authorization ? 403 : 401).end('gated');
      return;
    }
    if (route.mode === 'status') {
      res.writeHead(route.status ?? 500).end('nope');
      return;
    }
    if (route.mode === 'redirect') {
      res.writeHead(route.status ?? 302, { location: route.redirectTo ?? '/' }).end();
      return;
    }
    const body = route.body;
    let start = 0;
    const m = route.mode !== 'ignore-range' ? /^bytes=(\d+)-$/.exec(req.headers.range ?? '') : null;
    if (m) {
      start = Number(m[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-length': body.length - start,
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'accept-ranges': 'bytes',
      });
    } else {
      res.writeHead(200, { 'content-length': body.length, 'accept-ranges': 'bytes' });
    }
    const rest = body.subarray(start);
    if (route.mode === 'cut' && (route.cuts ?? 1) > 0) {
      route.cuts = (route.cuts ?? 1) - 1;
      const n = Math.max(1, (route.cutAfter ?? rest.length >> 1) - start);
      res.write(rest.subarray(0, n), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (route.mode === 'slow') {
      // Trickle `chunk` bytes every 20 ms so a test can cancel or pause mid-transfer.
      const step = route.chunk ?? 1024;
      let i = 0;
      const t = setInterval(() => {
        if (res.destroyed || i >= rest.length) {
          clearInterval(t);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(rest.subarray(i, i + step));
        i += step;
      }, 20);
      res.on('close', () => clearInterval(t));
      return;
    }
    res.end(rest);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://${host}:${port}`,
    host: `${host}:${port}`,
    routes,
    log,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * Exactly `n` bytes (n >= 64) of a well-formed ONNX model: one graph y = x + w whose initializer w
 * carries seeded random bytes, so install tests can use files of chosen sizes that every graph check
 * reads as ONNX.
 */
export function onnxBody(n: number, seed = 1): Buffer {
  const varint = (v: number): Buffer => {
    const out: number[] = [];
    while (v > 127) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
    return Buffer.from(out);
  };
  const field = (no: number, body: Buffer): Buffer =>
    Buffer.concat([varint(no * 8 + 2), varint(body.length), body]);
  const str = (no: number, s: string): Buffer => field(no, Buffer.from(s));
  const build = (rawLen: number): Buffer => {
    const tensor = Buffer.concat([str(8, 'w'), field(9, randomBody(rawLen, seed))]);
    const node = Buffer.concat([str(1, 'x'), str(1, 'w'), str(2, 'y'), str(4, 'Add')]);
    const graph = Buffer.concat([
      field(1, node),
      str(2, 'g'),
      field(5, tensor),
      field(11, str(1, 'x')),
      field(12, str(1, 'y')),
    ]);
    return Buffer.concat([
      Buffer.from([0x08, 0x08]),
      field(7, graph),
      field(8, Buffer.from([0x10, 0x0d])) /* opset 13 */,
    ]);
  };
  let raw = Math.max(0, n - 64);
  for (let i = 0; i < 8; i++) {
    const len = build(raw).length;
    if (len === n) return build(raw);
    raw += n - len;
  }
  throw new Error(`cannot build an ONNX body of exactly ${n} bytes`);
}
