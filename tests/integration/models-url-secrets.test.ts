import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile } from '../../src-main/services/models/download';
import type { ModelsProgress } from '../../src-main/services/models/service';
import { ModelService } from '../../src-main/services/models/service';
import { onnxBody, sha256, startServer, type TestServer, LOCAL_SERVERS } from './models-support';

/**
 * Secrets and resume files of downloads. What a download URL can carry besides the address: a user name and password, or a signed query (a
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
      allowLocalAddresses: true,
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

describe('resume files planted in the downloads folder', () => {
  it('a .part that is a link to another file never changes that file', async () => {
    const work = join(tmp, 'resume');
    await mkdir(work, { recursive: true });
    const victim = join(tmp, 'victim.txt');
    const body = onnxBody(64 * 1024, 3);
    server.routes.set('/r.onnx', { body });
    server.routes.set('/r200.onnx', { body, mode: 'ignore-range' });
    for (const route of ['/r.onnx', '/r200.onnx']) {
      await writeFile(victim, 'precious words');
      const dest = join(work, `got${route.replace('/', '-')}`);
      await symlink(victim, `${dest}.part`);
      const r = await downloadFile({
        network: LOCAL_SERVERS,
        url: `${server.base}${route}`,
        dest,
        sha256: sha256(body),
        backoffMs: 1,
      });
      expect(r.bytes, route).toBe(body.length);
      expect(await readFile(dest), route).toEqual(body);
      expect(await readFile(victim, 'utf8'), route).toBe('precious words');
    }
    // A folder in its place is named, not deleted.
    const dest = join(work, 'dir.onnx');
    await mkdir(`${dest}.part`);
    await writeFile(join(`${dest}.part`, 'keep'), 'x');
    await expect(
      downloadFile({
        network: LOCAL_SERVERS,
        url: `${server.base}/r.onnx`,
        dest,
        backoffMs: 1,
      }),
    ).rejects.toThrow(/is not a regular file/);
    expect(await readFile(join(`${dest}.part`, 'keep'), 'utf8')).toBe('x');
  });
});
