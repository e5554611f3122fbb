import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckedSession } from '../../src-main/inference/checkedSession';
import { ModelError } from '../../src-main/services/models/errors';
import { ModelService } from '../../src-main/services/models/service';
import { hostileCases } from './support/hostileModels';

/**
 * Fuzz suite over model folders (issue 12): generated hostile graphs, external-data locations and pack
 * manifests, installed through the real service with the built graph-reading worker (so its heap and
 * clock bounds apply), and the external-data cases also loaded through createCheckedSession (real
 * onnxruntime is never reached for them). Each case must be refused with a ModelError whose message
 * says why, within PER_CASE_MS, leaving the models folder as it was and nothing written outside the
 * case's folders; then a good model must still install (the service is alive and unharmed).
 * Bounds: each graph read is capped by onnxProto's limits inside a 128 MB-heap worker with a 60 s
 * deadline; the test asserts each case takes under 5 s and the process's heap grows by under 256 MB.
 */
const WORKER = resolve('out/main/onnxWorker.js');
const PER_CASE_MS = 5_000;
const SEED = 12_345;
const cases = hostileCases(SEED, { graph: 48, external: 51, pack: 14 });

let tmp: string;
let modelsDir: string;
let service: ModelService;

async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string): Promise<void> {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const s = await stat(p).catch(() => undefined);
      out.push(`${relative(tmp, p)} ${e.isSymbolicLink() ? 'link' : (s?.size ?? '?')}`);
      if (e.isDirectory()) await walk(p);
    }
  }
  await walk(dir);
  return out.sort();
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'levitor-mfuzz-'));
  modelsDir = join(tmp, 'models');
  service = new ModelService({ modelsDir, isolation: { workerFile: WORKER } });
  await service.list();
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe(`model fuzz: ${cases.length} hostile model folders (seed ${SEED})`, () => {
  it('each is refused with a clear message, in bounded time and memory, touching nothing else', async () => {
    const heap0 = process.memoryUsage().heapUsed;
    let slowest = 0;
    const outside = join(tmp, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret.bin'), Buffer.alloc(24, 7));
    for (const [i, c] of cases.entries()) {
      const src = join(tmp, `case-${i}`);
      await mkdir(src);
      const graph = await c.make(src, outside);
      const before = await tree(tmp);
      const t0 = performance.now();
      const e = await service
        .install({ source: src, contract: c.kind === 'pack' ? undefined : 'sam-v1' })
        .then(
          () => undefined,
          (x: unknown) => x,
        );
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      const label = `case ${i}: ${c.name}`;
      expect(e, label).toBeInstanceOf(ModelError);
      expect((e as Error).message, label).toMatch(c.why);
      expect(ms, label).toBeLessThan(PER_CASE_MS);
      expect(await tree(tmp), label).toEqual(before); // no staging left, nothing new anywhere
      if (graph) {
        const l = await createCheckedSession(graph, {}).then(
          () => undefined,
          (x: unknown) => x,
        );
        expect(l, `${label} (load)`).toBeInstanceOf(ModelError);
      }
      await rm(src, { recursive: true, force: true });
    }
    expect(await readFile(join(outside, 'secret.bin'))).toEqual(Buffer.alloc(24, 7));
    expect(await readdir(modelsDir)).toEqual([]);
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(256 * 1024 ** 2);
    // Alive and unharmed: a real model still installs.
    const good = join(tmp, 'good');
    await mkdir(good);
    await writeFile(join(good, 'model.onnx'), await readFile('tests/fixtures/depth/model.onnx'));
    expect((await service.install({ source: good })).manifest.contract).toBe(
      'depth-anything-v2-transformersjs',
    );
    console.log(`model fuzz: ${cases.length} cases refused, slowest ${slowest.toFixed(0)} ms`);
  });

  it('hostile installed manifests are listed as broken with their reason and refused by verify/repair', async () => {
    const bad: Record<string, string> = {
      'not-json': '{',
      'path-escape': JSON.stringify({
        ...validManifest('path-escape'),
        files: [{ path: '../../x', bytes: 1, sha256: 'a'.repeat(64) }],
      }),
      'id-mismatch': JSON.stringify(validManifest('other')),
      'wrong-format': JSON.stringify({ ...validManifest('wrong-format'), format: 'x' }),
      huge: `{"pad":"${'x'.repeat(17 * 1024 ** 2)}"}`,
    };
    for (const [id, text] of Object.entries(bad)) {
      await mkdir(join(modelsDir, id), { recursive: true });
      await writeFile(join(modelsDir, id, 'manifest.json'), text);
    }
    const { broken } = await service.list();
    for (const id of Object.keys(bad)) {
      const b = broken.find((x) => x.folder === id);
      expect(b?.error, id).toMatch(/not valid JSON|invalid|does not match|bytes; a model manifest/);
      const v = await service.verify(id).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(v, id).toBeInstanceOf(ModelError);
      const r = await service.repair(id).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(r, id).toBeInstanceOf(ModelError);
    }
  });
});

function validManifest(id: string): Record<string, unknown> {
  return {
    format: 'levitor-model',
    formatVersion: 1,
    id,
    role: 'depth',
    name: id,
    contract: 'depth-anything-v2-transformersjs',
    source: { kind: 'local' },
    licence: { spdx: 'MIT', redistributable: true },
    files: [{ path: 'model.onnx', bytes: 1, sha256: 'a'.repeat(64) }],
  };
}
