import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelService } from '../../src-main/services/models/service';
import { bundleChild } from '../support/bundleChild';
import { onnxBody, startServer, type TestServer } from './models-support';
import { runLimited } from './support/runLimited';

let server: TestServer;
let dir: string;
let childJs: string;
beforeAll(async () => {
  server = await startServer();
  dir = await mkdtemp(join(tmpdir(), 'levitor-models-full-'));
  childJs = await bundleChild('tests/integration/modelsDownloadChild.ts');
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('model download on a full disk', () => {
  it('says the disk is full and installs nothing half-written', async () => {
    const modelsDir = join(dir, 'models');
    // 3 MiB of model; the child may write at most 1 MiB a file (a real RLIMIT_FSIZE, not a mock).
    server.routes.set('/big.onnx', { body: onnxBody(3 << 20, 7) });
    const r = await runLimited(1024, childJs, [`${server.base}/big.onnx`, modelsDir]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(out).toMatchObject({ ok: false, name: 'ModelError', code: 'disk-full' });
    expect(String(out['message'])).toMatch(/disk (is )?full.*free some space/i);
    const after = await new ModelService({ modelsDir }).list();
    expect(after.models).toEqual([]);
    expect(after.broken).toEqual([]);
    // No model folder, and no cut file anywhere (the download's own work folders may stay, empty).
    const left = await readdir(modelsDir, { recursive: true });
    expect(left.filter((n) => !n.startsWith('.'))).toEqual([]);
    for (const n of left) expect((await lstat(join(modelsDir, n))).isDirectory(), n).toBe(true);
  }, 60_000);
});
