import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelsProgress } from '../../src-main/services/models/service';
import { ModelService } from '../../src-main/services/models/service';
import { onnxBody, startServer, type TestServer } from './models-support';

/**
 * What a download URL can carry besides the address: a user name and password, or a signed query (a
 * storage or CDN URL's credential). Neither may reach a message, a progress line or the model's record.
 */
let server: TestServer;
let tmp: string;
beforeAll(async () => {
  server = await startServer();
  tmp = await mkdtemp(join(tmpdir(), 'levitor-urlsecret-'));
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('credentials in download URLs', () => {
  it('refuses a URL with a user name or password before any request', async () => {
    const service = new ModelService({ modelsDir: join(tmp, 'models-a') });
    server.log.length = 0;
    const url = server.base.replace('http://', 'http://me:pa55word@') + '/m.onnx';
    const message = await failure(service.install({ source: url }));
    expect(message).toMatch(/holds a user name or password/);
    expect(message).not.toContain('pa55word');
    expect(server.log).toEqual([]);
  });

  it('never shows a signed query in a message or a progress line', async () => {
    const events: ModelsProgress[] = [];
    const service = new ModelService({
      modelsDir: join(tmp, 'models-b'),
      onProgress: (p) => events.push(p),
    });
    server.routes.set('/m.onnx', { body: onnxBody(4096) });
    const signed = `${server.base}/m.onnx?X-Amz-Signature=s1gn3d-secret`;
    const mismatch = await failure(service.install({ source: signed, sha256: '0'.repeat(64) }));
    expect(mismatch).toMatch(/SHA-256 mismatch/);
    expect(events.length).toBeGreaterThan(0);
    server.routes.set('/loop', {
      body: Buffer.alloc(0),
      mode: 'redirect',
      redirectTo: '/loop?sig=s1gn3d-secret',
    });
    const loop = await failure(service.install({ source: `${server.base}/loop?sig=s1gn3d-secret` }));
    expect(loop).toMatch(/too many redirects/);
    for (const text of [mismatch, loop, JSON.stringify(events)]) expect(text).not.toContain('s1gn3d');
    expect(await readdir(join(tmp, 'models-b')).catch(() => [])).not.toContain('m');
  });
});
