import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogueEntry } from '../../src-shared/models/catalogue';
import { PAUSE_REASON } from '../../src-main/services/models/errors';
import { ModelService } from '../../src-main/services/models/service';
import { randomBody, sha256, startServer, type TestServer } from './models-support';

/**
 * What a download job leaves in the models folder when it does not end in an install: a failed or
 * cancelled job leaves nothing (no empty `.downloads/<key>/payload` folders, no finished file nothing
 * would reuse); a paused one keeps its partial file, and the same install resumes from it.
 */
let server: TestServer;
let tmp: string;
let modelsDir: string;
let depth: Buffer;
beforeAll(async () => {
  server = await startServer();
  tmp = await mkdtemp(join(tmpdir(), 'levitor-leftovers-'));
  depth = await readFile('tests/fixtures/depth/model.onnx');
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});
let n = 0;
beforeEach(() => {
  modelsDir = join(tmp, `models-${++n}`);
  server.routes.clear();
  server.log.length = 0;
});

/** The test server is on 127.0.0.1: main's own switch allows it (the window's requests never do). */
const service = (catalogue?: CatalogueEntry[]) =>
  new ModelService({ modelsDir, allowLocalAddresses: true, ...(catalogue ? { catalogue } : {}) });

/**
 * Every path under the models folder, folders included, but `.downloads` itself (the first download makes it,
 * and it stays, as the models folder does): `[]` when no job left anything.
 */
async function tree(): Promise<string[]> {
  const all = await readdir(modelsDir, { recursive: true }).catch(() => [] as string[]);
  return all
    .map(String)
    .filter((p) => p !== '.downloads')
    .sort();
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  throw new Error('expected a failure');
}

describe('a URL install that does not finish', () => {
  it('leaves nothing after an HTTP error, a wrong SHA-256 or a file that is not a model', async () => {
    server.routes.set('/bad.onnx', { body: randomBody(5000) });
    server.routes.set('/m.onnx', { body: depth });
    const s = service();
    expect(await failure(s.install({ source: `${server.base}/missing.onnx` }))).toBe('not-found');
    expect(await tree()).toEqual([]);
    const wrong = { source: `${server.base}/m.onnx`, sha256: '0'.repeat(64) };
    expect(await failure(s.install(wrong))).toBe('checksum');
    expect(await tree()).toEqual([]);
    // Downloaded in full, then refused by the install: the finished file goes too.
    expect(await failure(s.install({ source: `${server.base}/bad.onnx` }))).toMatch(/invalid|unrecognized/);
    expect(await tree()).toEqual([]);
  });

  it('leaves nothing after a cancel; a pause keeps the partial file and the same install resumes it', async () => {
    server.routes.set('/slow.onnx', { body: depth, mode: 'slow', chunk: 64 * 1024 });
    const s = service();
    const stopAt = (reason?: typeof PAUSE_REASON) => {
      const ac = new AbortController();
      const off = setInterval(async () => {
        if ((await tree()).some((p) => p.endsWith('.part'))) ac.abort(reason);
      }, 10);
      return { signal: ac.signal, done: () => clearInterval(off) };
    };
    const cancel = stopAt();
    const cancelled = await failure(s.install({ source: `${server.base}/slow.onnx`, signal: cancel.signal }));
    cancel.done();
    expect(cancelled).toBe('cancelled');
    expect(await tree()).toEqual([]);

    const pause = stopAt(PAUSE_REASON);
    const paused = await failure(s.install({ source: `${server.base}/slow.onnx`, signal: pause.signal }));
    pause.done();
    expect(paused).toBe('paused');
    const kept = (await tree()).filter((p) => p.endsWith('.part'));
    expect(kept).toEqual([expect.stringMatching(/^\.downloads\/[^/]+\/payload\/slow\.onnx\.part$/)]);
    server.log.length = 0;
    const m = await s.install({ source: `${server.base}/slow.onnx` });
    expect(server.log.map((l) => l.range)).toEqual([expect.stringMatching(/^bytes=[1-9]\d*-$/)]);
    expect(m.manifest.files[0]!.sha256).toBe(sha256(depth));
    expect((await tree()).filter((p) => p.startsWith('.downloads'))).toEqual([]);
  });
});

describe('a catalogue download that does not finish', () => {
  it('a files entry whose second file is missing leaves no folder and offers no resume', async () => {
    server.routes.set('/cat/model.onnx', { body: depth });
    const entry: CatalogueEntry = {
      id: 'depth-leftover',
      role: 'depth',
      name: 'Depth (test)',
      contract: 'depth-anything-v2-transformersjs',
      licence: { spdx: 'Apache-2.0', redistributable: true },
      repo: 'x/y',
      description: '',
      checksums: 'first-download',
      download: {
        kind: 'files',
        files: [
          { path: 'model.onnx', url: `${server.base}/cat/model.onnx`, approxBytes: depth.length },
          { path: 'config.json', url: `${server.base}/cat/config.json`, approxBytes: 10 },
        ],
      },
    };
    const s = service([entry]);
    expect(await failure(s.install({ source: entry.id }))).toBe('not-found');
    expect(server.log.map((l) => l.path)).toEqual(['/cat/model.onnx', '/cat/config.json']);
    expect(await tree()).toEqual([]);
    expect(await s.pendingDownloads()).toEqual([]);
  });
});
