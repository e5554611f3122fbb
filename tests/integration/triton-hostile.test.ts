import * as grpc from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRenderArgs, withHeaderFile } from '../../src-main/cli/render';
import { loadSvdPack } from '../../src-main/inference/models/svd/manifest';
import { svdParamsSchema } from '../../src-main/inference/models/svd/params';
import { checkConnection } from '../../src-main/services/remote/check';
import { inferenceServiceCtor } from '../../src-main/services/remote/proto';
import { generateRemote } from '../../src-main/services/remote/svdRemote';
import { TritonClient } from '../../src-main/services/remote/tritonClient';
import { SVD_TINY_PACK } from '../golden/svdGoldens';

/**
 * The Triton client against a hostile server (a real gRPC server speaking the same protocol, run here):
 * a reply far larger than a take, an endless error text. And headers a user typed that gRPC cannot carry:
 * refused before anything is sent, with a message that never repeats the value (it is a token).
 */
const PACK = 'a'.repeat(64);
const m = loadSvdPack(SVD_TINY_PACK).manifest;
const { width: W, height: H } = m.resolution;
const F = m.frames;
const TAKE_BYTES = F * 3 * W * H * 4;
let mode: 'huge-reply' | 'long-error' = 'huge-reply';
let server: grpc.Server;
let url = '';
const seen: string[] = [];
let dir = '';

function infer(call: grpc.ServerDuplexStream<unknown, unknown>): void {
  call.on('data', () => {
    if (mode === 'long-error') {
      call.write({ error_message: `bad\n\u001b[31m${'x'.repeat(1_000_000)}`, infer_response: null });
      return;
    }
    // 64 MB of "frames": a server that wants the studio to hold whatever it sends.
    const n = 16 * 1024 ** 2;
    call.write({
      error_message: '',
      infer_response: {
        outputs: [{ name: 'frames', datatype: 'FP32', shape: [n] }],
        raw_output_contents: [Buffer.alloc(n * 4)],
        parameters: { triton_final_response: { bool_param: true } },
      },
    });
  });
  call.on('end', () => call.end());
}

beforeAll(async () => {
  server = new grpc.Server();
  const reply =
    (r: object) =>
    (_c: unknown, cb: grpc.sendUnaryData<object>): void =>
      cb(null, r);
  server.addService(inferenceServiceCtor().service, {
    ServerLive: (c: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<object>) => {
      seen.push(String(c.metadata.get('authorization')[0] ?? ''));
      cb(null, { live: true });
    },
    ServerReady: reply({ ready: true }),
    ModelReady: reply({ ready: true }),
    ModelMetadata: reply({}),
    ModelConfig: reply({
      config: { name: 'levitor_generate', parameters: { pack_sha256: { string_value: PACK } } },
    }),
    ModelStreamInfer: infer,
  });
  const port = await new Promise<number>((ok, fail) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? fail(e) : ok(p))),
  );
  url = `grpc://127.0.0.1:${port}`;
  dir = mkdtempSync(join(tmpdir(), 'triton-hostile-'));
});
afterAll(() => {
  server.forceShutdown();
  rmSync(dir, { recursive: true, force: true });
});

function take() {
  return {
    manifest: m,
    packSha256: PACK,
    image01: new Float32Array(3 * H * W),
    control: new Float32Array(F * 3 * H * W),
    params: svdParamsSchema.parse({ seed: 1, steps: 2 }),
  };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal');
}

describe('Triton client against a hostile server', () => {
  it('refuses a reply larger than a take, without holding it', async () => {
    mode = 'huge-reply';
    const client = new TritonClient({ url, headers: {} }, { maxReceiveBytes: TAKE_BYTES + 1024 ** 2 });
    const e = await failure(generateRemote(client, take()));
    client.close();
    expect(e.message).toMatch(/sent a reply larger than \d+ MB/);
  });

  it("bounds the server's error text and strips its control characters", async () => {
    mode = 'long-error';
    const client = new TritonClient({ url, headers: {} });
    const e = await failure(generateRemote(client, take()));
    client.close();
    expect(e.message).toMatch(/failed the job: bad \S* ?x+\.\.\.$/);
    expect(e.message.length).toBeLessThan(700);
    expect(e.message).not.toMatch(/[\u0000-\u001f]/); // eslint-disable-line no-control-regex
  });
});

describe('request headers gRPC cannot carry', () => {
  it('are refused before any call, and the message never shows the value', async () => {
    for (const value of ['Bearer s3cr\u00e9t-token', 'Bearer s3cr\tet-token', 'Bearer s3cr\u2028et-token']) {
      let message = '';
      try {
        const client = new TritonClient({ url, headers: { Authorization: value } });
        message = (await checkConnection(client, PACK)).message;
        client.close();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/cannot carry|cannot be sent/);
      expect(message).not.toContain('s3cr');
    }
    for (const name of ['x-token-bin', 'X!A', 'x a']) {
      expect(() => new TritonClient({ url, headers: { [name]: 'v' } }), name).toThrow(
        /cannot be used as a request header/,
      );
    }
  });
});

describe('levitor render --header-file', () => {
  const argv = (...more: string[]) => ['s.json', '--pack', 'p', '--out', 'o.mp4', '--server', url, ...more];

  it('sends the headers of the file (out of the process list), one per line', async () => {
    const file = join(dir, 'headers');
    writeFileSync(file, '# for the proxy\nAuthorization: Bearer from-file-42\n\nX-Team: a\n');
    const opts = await withHeaderFile(parseRenderArgs(argv('--header', 'X-Team: b', '--header-file', file)));
    expect(opts.server?.headers).toEqual({ Authorization: 'Bearer from-file-42', 'X-Team': 'a' });
    const client = new TritonClient(opts.server!);
    await checkConnection(client, PACK);
    client.close();
    expect(seen).toContain('Bearer from-file-42');
  });

  it('refuses a FIFO, a large file and a malformed line without quoting it', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(withHeaderFile(parseRenderArgs(argv('--header-file', fifo)))).rejects.toThrow(
      /not a regular file/,
    );
    const big = join(dir, 'big');
    writeFileSync(big, Buffer.alloc(1 << 20, 65));
    await expect(withHeaderFile(parseRenderArgs(argv('--header-file', big)))).rejects.toThrow(/larger than/);
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'X-A: 1\nBearer-only-s3cret\n');
    const e = await withHeaderFile(parseRenderArgs(argv('--header-file', bad))).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/line 2 is not 'Name: value'/);
    expect((e as Error).message).not.toContain('s3cret');
    expect(() => parseRenderArgs(['s.json', '--pack', 'p', '--out', 'o', '--header-file', bad])).toThrow(
      /need --server/,
    );
  });
});
