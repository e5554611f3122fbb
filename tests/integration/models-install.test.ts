import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSvdPack } from '../../src-main/inference/models/svd/manifest';
import { ModelError } from '../../src-main/services/models/errors';
import { installFromFolder, installFromZip } from '../../src-main/services/models/install';
import { ModelRegistry } from '../../src-main/services/models/registry';
import { extractZip } from '../../src-main/services/models/zip';
import { onnxBody, sha256 } from './models-support';

let tmp: string;
let registry: ModelRegistry;
const enc = onnxBody(50_000, 3);
const dec = onnxBody(20_000, 4);

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'levitor-install-'));
  registry = new ModelRegistry(join(tmp, 'models'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function errorOf(p: Promise<unknown>): Promise<ModelError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ModelError);
  return e as ModelError;
}

/** Only the installed model folders (and settings.json) may remain: no staging or trash folders. */
async function modelsDirEntries(): Promise<string[]> {
  return (await readdir(registry.root)).sort();
}

async function samFolder(): Promise<string> {
  const dir = join(tmp, 'sam2-tiny');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'encoder.onnx'), enc);
  await writeFile(join(dir, 'decoder.onnx'), dec);
  return dir;
}

describe('install from a folder', () => {
  it('copies, hashes, writes the manifest and lists the model', async () => {
    const m = await installFromFolder(registry, await samFolder(), { contract: 'sam2-encoder-decoder' });
    expect(m.manifest).toMatchObject({
      id: 'sam2-tiny',
      role: 'segmentation',
      contract: 'sam2-encoder-decoder',
    });
    expect(m.manifest.files).toEqual([
      { path: 'decoder.onnx', bytes: dec.length, sha256: sha256(dec) },
      { path: 'encoder.onnx', bytes: enc.length, sha256: sha256(enc) },
    ]);
    expect(await readFile(registry.filePath('sam2-tiny', 'encoder.onnx'))).toEqual(enc);
    const { models, broken } = await registry.list();
    expect(models.map((x) => x.manifest.id)).toEqual(['sam2-tiny']);
    expect(models[0]!.bytes).toBe(enc.length + dec.length);
    expect(broken).toEqual([]);
    expect(await modelsDirEntries()).toEqual(['sam2-tiny', 'settings.json']); // it is the default now
  });

  it('asks for a contract when nothing recognises the files, and installs nothing', async () => {
    const e = await errorOf(installFromFolder(registry, await samFolder()));
    expect(e.code).toBe('unrecognized');
    expect(e.message).toMatch(/--contract/);
    expect(await modelsDirEntries()).toEqual([]);
  });

  it('uses the pluggable recogniser', async () => {
    const seen: string[] = [];
    const m = await installFromFolder(registry, await samFolder(), {
      recognize: async (files) => {
        seen.push(...files.map((f) => f.path));
        return 'sam2-encoder-decoder';
      },
    });
    expect(seen).toEqual(['decoder.onnx', 'encoder.onnx']);
    expect(m.manifest.role).toBe('segmentation');
  });

  it('refuses an existing id unless replacing', async () => {
    const dir = await samFolder();
    await installFromFolder(registry, dir, { contract: 'sam2-encoder-decoder' });
    expect((await errorOf(installFromFolder(registry, dir, { contract: 'sam2-encoder-decoder' }))).code).toBe(
      'exists',
    );
    await writeFile(join(dir, 'decoder.onnx'), enc);
    const m = await installFromFolder(registry, dir, { contract: 'sam2-encoder-decoder', replace: true });
    expect(m.manifest.files[0]!.sha256).toBe(sha256(enc));
    expect(await modelsDirEntries()).toEqual(['sam2-tiny', 'settings.json']); // it is the default now
  });

  it('recognises the exporter video pack, checks its pinned hashes, and loadSvdPack reads it in place', async () => {
    const m = await installFromFolder(registry, 'tests/fixtures/svd/pack', { id: 'tiny-pack' });
    expect(m.manifest.contract).toBe('levitor-video-pack-v1');
    expect(m.manifest.role).toBe('video');
    expect(loadSvdPack(registry.filesDir('tiny-pack')).manifest.format).toBe('levitor-studio-svd-pack');
    const bad = join(tmp, 'bad-pack');
    await cp('tests/fixtures/svd/pack', bad, { recursive: true });
    await writeFile(join(bad, 'vae_decoder.onnx.data'), Buffer.from('corrupt'));
    expect((await errorOf(installFromFolder(registry, bad, { id: 'bad-pack' }))).code).toBe('checksum');
    expect(await modelsDirEntries()).toEqual(['settings.json', 'tiny-pack']);
  });
});

describe('install from a zip', () => {
  it('extracts (dropping a shared top folder) and installs', async () => {
    const zip = join(tmp, 'sam2.1_hiera_tiny.zip');
    await writeFile(
      zip,
      zipSync({ 'sam2.1_hiera_tiny/encoder.onnx': enc, 'sam2.1_hiera_tiny/decoder.onnx': dec }),
    );
    const m = await installFromZip(registry, zip, { contract: 'sam2-encoder-decoder' });
    expect(m.manifest.id).toBe('sam2.1_hiera_tiny');
    expect(m.manifest.files.map((f) => f.path)).toEqual(['decoder.onnx', 'encoder.onnx']);
    expect(await readFile(registry.filePath(m.manifest.id, 'decoder.onnx'))).toEqual(dec);
  });

  it('refuses a zip-slip entry and writes nothing anywhere', async () => {
    const zip = join(tmp, 'evil.zip');
    await writeFile(zip, zipSync({ 'encoder.onnx': enc, '../../evil.txt': Buffer.from('pwned') }));
    const e = await errorOf(installFromZip(registry, zip, { contract: 'sam2-encoder-decoder' }));
    expect(e.code).toBe('unsafe-archive');
    expect(await modelsDirEntries()).toEqual([]);
    expect((await readdir(tmp)).sort()).toEqual(['evil.zip', 'models']);
    // Our own check, independent of yauzl's name validation:
    const e2 = await errorOf(
      extractZip(join(tmp, 'evil.zip'), join(tmp, 'out'), {}).catch(async () => {
        const ok = join(tmp, 'ok.zip');
        await writeFile(ok, zipSync({ 'a/b.onnx': enc }));
        return extractZip(ok, join(tmp, 'out'), { select: () => '../escape.onnx' });
      }),
    );
    expect(e2.message).toMatch(/outside the model folder/);
  });

  it('refuses absurd sizes before writing', async () => {
    const zip = join(tmp, 'big.zip');
    await writeFile(zip, zipSync({ 'encoder.onnx': enc }));
    const e = await errorOf(extractZip(zip, join(tmp, 'out'), { limits: { maxTotalBytes: 1000 } }));
    expect(e.code).toBe('unsafe-archive');
    expect(e.message).toMatch(/uncompressed/);
    expect((await readdir(tmp)).sort()).toEqual(['big.zip']);
  });
});

describe('registry', () => {
  it('remembers a default per role, refuses a wrong role, forgets it on remove', async () => {
    await installFromFolder(registry, await samFolder(), { contract: 'sam2-encoder-decoder' });
    expect((await errorOf(registry.setDefault('depth', 'sam2-tiny'))).message).toMatch(/segmentation model/);
    await registry.setDefault('segmentation', 'sam2-tiny');
    expect(await registry.getDefaults()).toEqual({ segmentation: 'sam2-tiny' });
    expect((await registry.get('sam2-tiny')).isDefault).toBe(true);
    const settings = JSON.parse(await readFile(join(registry.root, 'settings.json'), 'utf8')) as unknown;
    expect(settings).toEqual({ defaults: { segmentation: 'sam2-tiny' } });
    await registry.remove('sam2-tiny');
    expect(await registry.getDefaults()).toEqual({});
    expect(await modelsDirEntries()).toEqual(['settings.json']);
    expect((await errorOf(registry.get('sam2-tiny'))).code).toBe('not-installed');
  });

  it('makes the first model of a role its default; a later one waits until chosen', async () => {
    const sam = await samFolder();
    const opts = { contract: 'sam2-encoder-decoder' } as const;
    expect((await installFromFolder(registry, sam, { ...opts, id: 'sam-a' })).isDefault).toBe(true);
    expect((await installFromFolder(registry, sam, { ...opts, id: 'sam-b' })).isDefault).toBe(false);
    expect(await registry.getDefaults()).toEqual({ segmentation: 'sam-a' });
    // Reinstalling the default (replace) keeps it the default.
    await installFromFolder(registry, sam, { ...opts, id: 'sam-a', replace: true });
    expect(await registry.getDefaults()).toEqual({ segmentation: 'sam-a' });
    // A default whose folder went (deleted by hand) does not hold the role: the next install takes it.
    await rm(join(registry.root, 'sam-a'), { recursive: true });
    expect((await installFromFolder(registry, sam, { ...opts, id: 'sam-c' })).isDefault).toBe(true);
  });

  it('lists a folder with a broken manifest as broken, naming the field', async () => {
    await mkdir(join(registry.root, 'weird'), { recursive: true });
    await writeFile(
      join(registry.root, 'weird', 'manifest.json'),
      JSON.stringify({ format: 'levitor-model', formatVersion: 1, id: 'weird', role: 'depth' }),
    );
    const { models, broken } = await registry.list();
    expect(models).toEqual([]);
    expect(broken[0]!.folder).toBe('weird');
    expect(broken[0]!.error).toMatch(/name:/);
    expect(broken[0]!.error).toMatch(/files:/);
  });
});
