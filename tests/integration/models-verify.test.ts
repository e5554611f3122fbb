import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogueEntry } from '../../src-shared/models/catalogue';
import { ModelService, type ModelsProgress } from '../../src-main/services/models/service';
import { onnxBody, randomBody, sha256, startServer, type TestServer } from './models-support';

let server: TestServer;
let tmp: string;
let service: ModelService;
let events: ModelsProgress[];
const enc = onnxBody(200_000, 11);
const dec = onnxBody(30_000, 12);

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'levitor-verify-'));
  events = [];
  service = new ModelService({
    modelsDir: join(tmp, 'models'),
    onProgress: (p) => events.push(p),
    allowLocalAddresses: true,
  });
  server.routes.clear();
  server.log.length = 0;
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('install from a URL, verify and repair', () => {
  it('a zip URL (cut mid-transfer): installs, verify finds a corrupted file, repair re-extracts only it', async () => {
    const zip = Buffer.from(zipSync({ 'encoder.onnx': enc, 'decoder.onnx': dec }, { level: 0 }));
    server.routes.set('/repo/resolve/main/sam2.zip', { body: zip, mode: 'cut', cutAfter: 100_000, cuts: 1 });
    const m = await service.install({
      source: `${server.base}/repo/resolve/main/sam2.zip`,
      contract: 'sam2-encoder-decoder',
      jobId: 'j1',
    });
    expect(m.manifest.id).toBe('sam2');
    expect(m.manifest.source.archiveUrl).toBe(`${server.base}/repo/resolve/main/sam2.zip`);
    expect(m.manifest.extras).toEqual({ archiveSha256: sha256(zip) });
    expect(server.log.map((l) => l.range)).toEqual([undefined, expect.stringMatching(/^bytes=/)]);
    expect(events.some((e) => e.jobId === 'j1' && e.phase === 'download' && e.done)).toBe(true);
    // The download area is cleaned once installed; only the model folder remains (and settings.json: the
    // first model of a role becomes its default).
    expect((await readdir(join(tmp, 'models'))).sort()).toEqual(['.downloads', 'sam2', 'settings.json']);
    expect(await readdir(join(tmp, 'models', '.downloads'))).toEqual([]);
    expect((await service.verify('sam2')).ok).toBe(true);

    const encPath = service.registry.filePath('sam2', 'encoder.onnx');
    const broken = Buffer.from(enc);
    broken[1234] = 255 - broken[1234]!;
    await writeFile(encPath, broken);
    const report = await service.verify('sam2');
    expect(report.ok).toBe(false);
    expect(report.files).toEqual([
      { path: 'decoder.onnx', status: 'ok' },
      { path: 'encoder.onnx', status: 'wrong-checksum' },
    ]);
    server.log.length = 0;
    const repaired = await service.repair('sam2');
    expect(repaired.ok).toBe(true);
    expect(await readFile(encPath)).toEqual(enc);
    expect(server.log).toHaveLength(1);
  });

  it('a single-file URL: records the file URL, a deleted file is re-downloaded by repair', async () => {
    server.routes.set('/onnx/model.onnx', { body: enc });
    const m = await service.install({
      source: `${server.base}/onnx/model.onnx`,
      contract: 'depth-anything-v2-standalone',
      sha256: sha256(enc),
    });
    expect(m.manifest).toMatchObject({ id: 'model', role: 'depth' });
    expect(m.manifest.files).toEqual([
      { path: 'model.onnx', bytes: enc.length, sha256: sha256(enc), url: `${server.base}/onnx/model.onnx` },
    ]);
    await unlink(service.registry.filePath('model', 'model.onnx'));
    expect((await service.verify('model')).files[0]!.status).toBe('missing');
    const r = await service.repair('model');
    expect(r.ok).toBe(true);
  });

  it('a URL whose content does not match --sha256 installs nothing and leaves no partial file', async () => {
    server.routes.set('/onnx/model.onnx', { body: enc });
    const p = service.install({
      source: `${server.base}/onnx/model.onnx`,
      contract: 'depth-anything-v2-standalone',
      sha256: sha256(dec),
    });
    await expect(p).rejects.toMatchObject({ code: 'checksum' });
    const left = await readdir(join(tmp, 'models'), { recursive: true });
    expect(left.filter((f) => f.endsWith('.part') || f.endsWith('.onnx'))).toEqual([]);
    expect((await service.list()).models).toEqual([]);
  });

  it('repair refuses to replace a file with a download that does not match the manifest', async () => {
    server.routes.set('/onnx/model.onnx', { body: enc });
    await service.install({
      source: `${server.base}/onnx/model.onnx`,
      contract: 'depth-anything-v2-standalone',
    });
    const path = service.registry.filePath('model', 'model.onnx');
    await writeFile(path, dec); // local corruption
    server.routes.set('/onnx/model.onnx', { body: randomBody(enc.length, 99) }); // upstream changed
    await expect(service.repair('model')).rejects.toMatchObject({ code: 'checksum' });
    expect(await readFile(path)).toEqual(dec); // untouched: a bad download never replaces anything
    expect((await readdir(service.registry.filesDir('model'))).sort()).toEqual(['model.onnx']);
  });
});

describe('catalogue installs (entries pointed at the test server)', () => {
  it('a files entry: downloads each file, pins the first-download hashes, repair uses the file URLs', async () => {
    server.routes.set('/dav2/onnx/model.onnx', { body: enc });
    server.routes.set('/dav2/preprocessor_config.json', { body: Buffer.from('{"do_resize":true}') });
    const entry: CatalogueEntry = {
      id: 'dav2-test',
      role: 'depth',
      name: 'DAv2 test',
      contract: 'depth-anything-v2-transformersjs',
      licence: { spdx: 'Apache-2.0', redistributable: true },
      repo: 'test/dav2',
      description: '',
      checksums: 'first-download',
      download: {
        kind: 'files',
        files: [
          { path: 'model.onnx', url: `${server.base}/dav2/onnx/model.onnx`, approxBytes: 1 },
          {
            path: 'preprocessor_config.json',
            url: `${server.base}/dav2/preprocessor_config.json`,
            approxBytes: 1,
          },
        ],
      },
    };
    const svc = new ModelService({
      modelsDir: join(tmp, 'models'),
      catalogue: [entry],
      allowLocalAddresses: true,
    });
    const m = await svc.install({ source: 'dav2-test' });
    expect(m.manifest).toMatchObject({
      id: 'dav2-test',
      catalogueId: 'dav2-test',
      role: 'depth',
      licence: { spdx: 'Apache-2.0' },
    });
    expect(m.manifest.files.find((f) => f.path === 'model.onnx')).toEqual({
      path: 'model.onnx',
      bytes: enc.length,
      sha256: sha256(enc),
      url: `${server.base}/dav2/onnx/model.onnx`,
    });
    await unlink(svc.registry.filePath('dav2-test', 'model.onnx'));
    server.log.length = 0;
    expect((await svc.repair('dav2-test')).ok).toBe(true);
    expect(server.log.map((l) => l.path)).toEqual(['/dav2/onnx/model.onnx']); // only the broken file
  });

  it('a zip entry with a nested folder keeps only the listed graphs; a build entry explains itself', async () => {
    const zip = Buffer.from(
      zipSync({
        'sam2.1_tiny/encoder.onnx': enc,
        'sam2.1_tiny/decoder.onnx': dec,
        'sam2.1_tiny/README.txt': Buffer.from('hi'),
      }),
    );
    server.routes.set('/sam.zip', { body: zip });
    const base = {
      role: 'segmentation' as const,
      contract: 'sam2-encoder-decoder' as const,
      licence: { spdx: 'Apache-2.0', redistributable: true },
      repo: 'x',
      description: '',
      checksums: 'first-download' as const,
    };
    const svc = new ModelService({
      modelsDir: join(tmp, 'models'),
      allowLocalAddresses: true,
      catalogue: [
        {
          ...base,
          id: 'sam-test',
          name: 'SAM test',
          download: {
            kind: 'zip',
            url: `${server.base}/sam.zip`,
            approxBytes: 1,
            keep: ['encoder.onnx', 'decoder.onnx'],
          },
        },
        { ...base, id: 'pack', name: 'Pack', download: { kind: 'build', instructions: 'run the exporter' } },
      ],
    });
    const m = await svc.install({ source: 'sam-test' });
    expect(m.manifest.files.map((f) => f.path)).toEqual(['decoder.onnx', 'encoder.onnx']);
    expect(m.manifest.source).toEqual({
      kind: 'huggingface',
      repo: 'x',
      archiveUrl: `${server.base}/sam.zip`,
    });
    await expect(svc.install({ source: 'pack' })).rejects.toMatchObject({
      code: 'invalid',
      message: /run the exporter/,
    });
  });
});
