import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilesService } from '../../src-main/services/files';
import { walkFiles } from '../../src-main/services/models/fsutil';
import { createModelsHandlers } from '../../src-main/services/models/handlers';
import type { ModelError } from '../../src-main/services/models/errors';
import { ModelRegistry } from '../../src-main/services/models/registry';
import { ModelService } from '../../src-main/services/models/service';
import { installVideoFromDir } from '../../src-main/services/models/videopack/install';
import { SVD_FIXTURES } from '../golden/svdGoldens';
import { startServer } from './models-support';

/** Ids, download names and work areas: every path the model manager builds stays in the models folder. */
let tmp: string;
let modelsDir: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'levitor-mpaths-'));
  modelsDir = join(tmp, 'models');
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as ModelError).code, message: (e as Error).message };
  }
  throw new Error('expected a refusal');
}

describe('model ids', () => {
  it('an id with a path in it touches nothing, through the service and through models:* handlers', async () => {
    const victim = join(tmp, 'victim');
    await mkdir(victim);
    await writeFile(join(victim, 'keep.txt'), 'precious');
    const service = new ModelService({ modelsDir });
    await service.list();
    for (const id of [
      'x/../../victim',
      '../victim',
      '..',
      '.',
      '',
      'a\\..\\..\\victim',
      '/tmp',
      'A',
      '.trash-x',
    ]) {
      expect(await errorOf(service.remove(id)), id).toMatchObject({ code: 'invalid' });
      expect((await errorOf(service.verify(id))).code, id).toBe('invalid');
      expect((await errorOf(service.repair(id))).code, id).toBe('invalid');
      expect((await errorOf(service.setDefault('depth', id))).code, id).toBe('invalid');
    }
    const files = new FilesService();
    const { handlers, dispose } = createModelsHandlers(modelsDir, () => undefined, files);
    await expect(handlers['models:remove']({ id: 'x/../../victim' })).rejects.toThrow();
    await expect(handlers['models:verify']({ id: '../victim', jobId: 'v' })).rejects.toThrow();
    await expect(
      handlers['models:install']({
        handle: files.grant(victim, 'model-folder').handle,
        id: '../../victim2',
        jobId: 'i',
        contract: 'sam-v1',
      }),
    ).rejects.toThrow();
    dispose();
    expect(await readFile(join(victim, 'keep.txt'), 'utf8')).toBe('precious');
    expect((await readdir(tmp)).sort()).toEqual(['models', 'victim']);
  });
});

describe('download names', () => {
  it('a URL whose last segment decodes to ../../ saves inside the download folder', async () => {
    const server = await startServer();
    try {
      const body = await readFile('tests/fixtures/depth/model.onnx');
      const path = '/m/..%2F..%2F..%2F..%2F..%2Fescape.onnx';
      server.routes.set(path, { body });
      const service = new ModelService({ modelsDir, allowLocalAddresses: true });
      const m = await service.install({ source: `${server.base}${path}` });
      expect(m.manifest.files.map((f) => f.path)).toEqual(['escape.onnx']);
      expect(m.manifest.contract).toBe('depth-anything-v2-transformersjs');
      expect((await readdir(tmp)).sort()).toEqual(['models']);
      // settings.json: the first model of a role becomes its default.
      expect((await readdir(modelsDir)).sort()).toEqual(
        ['.downloads', m.manifest.id, 'settings.json'].sort(),
      );
    } finally {
      await server.close();
    }
  });
});

describe('folder installs', () => {
  it('stop walking a folder with more files than a model has, and copy nothing', async () => {
    const big = join(tmp, 'home');
    await mkdir(join(big, 'deep', 'er'), { recursive: true });
    for (let i = 0; i < 8; i++) await writeFile(join(big, i % 2 ? 'deep/er' : 'deep', `f${i}`), 'x');
    expect((await walkFiles(big, 8)).length).toBe(8);
    await expect(walkFiles(big, 7)).rejects.toThrow(/holds more than 7 files: not a model folder/);
  });
});

describe('video model from checkpoints on disk', () => {
  it.runIf(process.platform === 'linux')(
    'refuses a checkpoint that is a pipe instead of waiting on it',
    async () => {
      const from = join(tmp, 'checkpoints');
      await cp(join(SVD_FIXTURES, 'hub', 'models'), from, { recursive: true });
      const cn = join(from, 'LeviTor/controlnet/diffusion_pytorch_model.safetensors');
      await rm(cn);
      execFileSync('mkfifo', [cn]);
      const registry = new ModelRegistry(modelsDir);
      await expect(
        installVideoFromDir(registry, from, {
          templateDir: join(SVD_FIXTURES, 'hub', 'template'),
          id: 'video',
          name: 'video',
          licence: { spdx: 'Apache-2.0', redistributable: true },
          source: { kind: 'local', repo: 'fixture' },
        }),
      ).rejects.toThrow(
        /diffusion_pytorch_model\.safetensors is not a regular file \(a pipe, device or folder\); refused/,
      );
      expect(await readdir(modelsDir)).toEqual([]);
    },
    20_000,
  );
});

describe('work areas of crashed installs', () => {
  it('are removed when the service starts; a live process keeps its staging folder', async () => {
    await mkdir(modelsDir, { recursive: true });
    // A pid that surely ran and is gone: a child that has exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const live = `.staging-${process.pid}-live`;
    for (const d of [`.staging-${dead}-abc`, '.staging-old', '.trash-m-123', live, '.downloads/k']) {
      await mkdir(join(modelsDir, d, 'files'), { recursive: true });
      await writeFile(join(modelsDir, d, 'files', 'big.onnx'), 'x'.repeat(1000));
    }
    const service = new ModelService({ modelsDir });
    await service.list();
    expect((await readdir(modelsDir)).sort()).toEqual(['.downloads', live]);
  });
});
