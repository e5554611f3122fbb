import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile } from '../../src-main/services/models/download';
import { ModelError } from '../../src-main/services/models/errors';
import type { TransferProgress } from '../../src-main/services/models/progress';
import { randomBody, sha256, startServer, type TestServer, LOCAL_SERVERS } from './models-support';

let server: TestServer;
let dir: string;
const body = randomBody(300_000, 7);

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-dl-'));
  server.routes.clear();
  server.log.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof ModelError ? e.code : `other: ${String(e)}`;
  }
}

describe('downloadFile against a real HTTP server', () => {
  it('resumes a transfer cut in the middle with a Range request and verifies the SHA-256', async () => {
    server.routes.set('/m.onnx', { body, mode: 'cut', cutAfter: 120_000, cuts: 1 });
    const dest = join(dir, 'm.onnx');
    const events: TransferProgress[] = [];
    const r = await downloadFile({
      network: LOCAL_SERVERS,
      url: `${server.base}/m.onnx`,
      dest,
      sha256: sha256(body),
      backoffMs: 10,
      onProgress: (p) => events.push(p),
    });
    expect(r.sha256).toBe(sha256(body));
    expect(await readFile(dest)).toEqual(body);
    expect(server.log.map((l) => l.range)).toEqual([undefined, expect.stringMatching(/^bytes=\d+-$/)]);
    const resumedAt = Number(/\d+/.exec(server.log[1]!.range!)![0]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThan(body.length);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ done: true, receivedBytes: body.length, totalBytes: body.length });
    expect(await readdir(dir)).toEqual(['m.onnx']);
  });

  it('keeps the .part after a network failure and resumes from it on the next call', async () => {
    server.routes.set('/m.onnx', { body, mode: 'cut', cutAfter: 100_000, cuts: 1 });
    const dest = join(dir, 'm.onnx');
    // retries: 0 -> the first cut is final for this call, the .part must stay for resumption.
    expect(
      await codeOf(
        downloadFile({
          network: LOCAL_SERVERS,
          url: `${server.base}/m.onnx`,
          dest,
          retries: -1,
        }),
      ),
    ).toBe('network');
    const partSize = (await stat(`${dest}.part`)).size;
    expect(partSize).toBeGreaterThan(0);
    await expect(stat(dest)).rejects.toThrow();
    await downloadFile({
      network: LOCAL_SERVERS,
      url: `${server.base}/m.onnx`,
      dest,
      sha256: sha256(body),
    });
    expect(server.log.at(-1)!.range).toBe(`bytes=${partSize}-`);
    expect(await readFile(dest)).toEqual(body);
  });

  it('restarts from byte 0 when the server ignores Range', async () => {
    const dest = join(dir, 'm.onnx');
    await writeFile(`${dest}.part`, Buffer.from('garbage that is not the start of the file'));
    server.routes.set('/m.onnx', { body, mode: 'ignore-range' });
    await downloadFile({
      network: LOCAL_SERVERS,
      url: `${server.base}/m.onnx`,
      dest,
      sha256: sha256(body),
    });
    expect(server.log[0]!.range).toBe('bytes=41-');
    expect(await readFile(dest)).toEqual(body);
  });

  it('refuses a wrong checksum and leaves neither the file nor the .part', async () => {
    server.routes.set('/m.onnx', { body });
    const dest = join(dir, 'm.onnx');
    const err = await downloadFile({
      network: LOCAL_SERVERS,
      url: `${server.base}/m.onnx`,
      dest,
      sha256: 'a'.repeat(64),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('checksum');
    expect((err as ModelError).message).toMatch(/SHA-256 mismatch/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a 500 after retrying, with nothing left behind', async () => {
    server.routes.set('/m.onnx', { body, mode: 'status', status: 500 });
    const dest = join(dir, 'm.onnx');
    const err = (await downloadFile({
      network: LOCAL_SERVERS,
      url: `${server.base}/m.onnx`,
      dest,
      retries: 2,
      backoffMs: 5,
    }).catch((e: unknown) => e)) as ModelError;
    expect(err.code).toBe('server');
    expect(err.message).toMatch(/server error 500/);
    expect(server.log).toHaveLength(3); // first try + 2 retries
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports 401 with the token hint, 403 with the gated-repo hint, 404 as not found', async () => {
    server.routes.set('/gated', { body, mode: 'status', status: 401 });
    server.routes.set('/forbidden', { body, mode: 'status', status: 403 });
    const e401 = (await downloadFile({
      network: LOCAL_SERVERS,
      url: `${server.base}/gated`,
      dest: join(dir, 'a'),
    }).catch((e: unknown) => e)) as ModelError;
    expect(e401.code).toBe('unauthorized');
    expect(e401.message).toMatch(/needs an access token.*--token/);
    const e403 = (await downloadFile({
      network: LOCAL_SERVERS,
      url: `${server.base}/forbidden`,
      dest: join(dir, 'b'),
      token: 't',
    }).catch((e: unknown) => e)) as ModelError;
    expect(e403.code).toBe('forbidden');
    expect(e403.message).toMatch(/accept its licence/);
    expect(
      await codeOf(
        downloadFile({
          network: LOCAL_SERVERS,
          url: `${server.base}/missing`,
          dest: join(dir, 'c'),
        }),
      ),
    ).toBe('not-found');
    expect(await readdir(dir)).toEqual([]);
  });

  it('cancels through an AbortSignal and deletes the .part', async () => {
    server.routes.set('/slow', { body, mode: 'slow' });
    const dest = join(dir, 'm.onnx');
    const ac = new AbortController();
    const p = downloadFile({
      network: LOCAL_SERVERS,
      url: `${server.base}/slow`,
      dest,
      signal: ac.signal,
      onProgress: (ev) => {
        if (ev.receivedBytes > 5000) ac.abort();
      },
    });
    expect(await codeOf(p)).toBe('cancelled');
    expect(await readdir(dir)).toEqual([]);
  });

  it('follows redirects, sending the token only to an allowed origin', async () => {
    // 127.0.0.1 and localhost are different origins for the Authorization rule.
    const other = await startServer('localhost');
    try {
      other.routes.set('/cdn/m.onnx', { body });
      server.routes.set('/same', { body, mode: 'redirect', redirectTo: '/resolve/m.onnx' });
      server.routes.set('/resolve/m.onnx', {
        body,
        mode: 'redirect',
        redirectTo: `${other.base}/cdn/m.onnx`,
      });
      const dest = join(dir, 'm.onnx');
      await downloadFile({
        network: LOCAL_SERVERS,
        url: `${server.base}/same`,
        dest,
        token: 'secret',
        tokenOrigins: [server.base], // stands in for https://huggingface.co
        sha256: sha256(body),
      });
      expect(await readFile(dest)).toEqual(body);
      expect(server.log.map((l) => l.authorization)).toEqual(['Bearer secret', 'Bearer secret']);
      expect(other.log.map((l) => l.authorization)).toEqual([undefined]);
    } finally {
      await other.close();
    }
  });

  it('never sends the token to a host that is not the hub (a pasted URL, http, a redirect back)', async () => {
    const other = await startServer('localhost');
    try {
      // Allowed origin -> other origin -> back to the allowed host over a different port: only hop 1 gets it.
      other.routes.set('/hop', { body, mode: 'redirect', redirectTo: `${server.base}/final` });
      server.routes.set('/start', { body, mode: 'redirect', redirectTo: `${other.base}/hop` });
      server.routes.set('/final', { body });
      await downloadFile({
        network: LOCAL_SERVERS,
        url: `${server.base}/start`,
        dest: join(dir, 'a.onnx'),
        token: 'secret',
        tokenOrigins: [other.base],
      });
      expect(server.log.map((l) => l.authorization)).toEqual([undefined, undefined]);
      expect(other.log.map((l) => l.authorization)).toEqual(['Bearer secret']);
      // Default policy: https://huggingface.co and https://hf.co only, so a plain http server gets nothing.
      server.log.length = 0;
      server.routes.set('/gated', { body, mode: 'status', status: 401 });
      const e = (await downloadFile({
        network: LOCAL_SERVERS,
        url: `${server.base}/gated`,
        dest: join(dir, 'b.onnx'),
        token: 'secret',
      }).catch((x: unknown) => x)) as ModelError;
      expect(server.log.map((l) => l.authorization)).toEqual([undefined]);
      expect(e.code).toBe('unauthorized');
      expect(e.message).toMatch(/only ever sent to huggingface\.co over https/);
      expect(e.message).not.toContain('secret');
    } finally {
      await other.close();
    }
  });

  it('uses a complete .part when the server answers 416 (crash between download and rename)', async () => {
    server.routes.set('/m.onnx', { body });
    const dest = join(dir, 'm.onnx');
    await writeFile(`${dest}.part`, body);
    const r = await downloadFile({
      network: LOCAL_SERVERS,
      url: `${server.base}/m.onnx`,
      dest,
      sha256: sha256(body),
    });
    expect(r.bytes).toBe(body.length);
    expect(server.log.map((l) => l.range)).toEqual([`bytes=${body.length}-`]);
    expect(await readdir(dir)).toEqual(['m.onnx']);
  });

  it.runIf(process.platform === 'linux')(
    'never writes through a .part that is a link (here to /dev/full): the link goes, the file downloads',
    async () => {
      // This test used the link to make every write fail with ENOSPC; the downloader no longer follows
      // links in its own work area (models-url-secrets.test.ts), so it now proves just that.
      server.routes.set('/m.onnx', { body });
      const dest = join(dir, 'm.onnx');
      await symlink('/dev/full', `${dest}.part`);
      const r = await downloadFile({
        network: LOCAL_SERVERS,
        url: `${server.base}/m.onnx`,
        dest,
        sha256: sha256(body),
      });
      expect(r.bytes).toBe(body.length);
      expect(await readdir(dir)).toEqual(['m.onnx']);
    },
  );

  it('reports speed and ETA while downloading', async () => {
    server.routes.set('/slow', { body: body.subarray(0, 40_000), mode: 'slow' });
    const events: TransferProgress[] = [];
    await downloadFile({
      network: LOCAL_SERVERS,
      url: `${server.base}/slow`,
      dest: join(dir, 'x'),
      onProgress: (p) => events.push(p),
    });
    const mid = events.filter((e) => !e.done);
    expect(mid.length).toBeGreaterThan(0);
    expect(mid.some((e) => e.bytesPerSecond > 0 && e.etaSeconds !== undefined && e.etaSeconds > 0)).toBe(
      true,
    );
    expect(events.at(-1)!.receivedBytes).toBe(40_000);
  });
});
