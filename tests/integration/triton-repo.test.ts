import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { modelsCommand } from '../../src-main/cli/models';
import { packIdentity } from '../../src-main/inference/models/svd/identity';
import { writeTritonRepo } from '../../src-main/services/triton';
import { installTinyVideoPack, TINY_VIDEO_PACK, TRITON_REPO_ENTRIES } from '../support/installTinyVideoPack';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'levitor-triton-repo-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(tmp, { recursive: true, force: true });
});

/** The tiny pack copied into the temp dir, so the repository lands on the same file system. */
async function localPack(): Promise<string> {
  const dir = join(tmp, 'pack');
  await cp(TINY_VIDEO_PACK, dir, { recursive: true });
  return dir;
}

const read = (p: string): Promise<string> => readFile(p, 'utf8');

describe('levitor models triton-repo', () => {
  it('writes the ONNX Runtime repository from the graphs’ own headers, graph files hard-linked', async () => {
    const pack = await localPack();
    const out = join(tmp, 'repo');
    const r = await writeTritonRepo({ packDir: pack, outDir: out, tensorrt: { precision: 'FP16' } });
    expect(r.packSha256).toBe(await packIdentity(pack));
    expect((await readdir(out)).sort()).toEqual(TRITON_REPO_ENTRIES);
    const den = await read(join(out, 'levitor_denoiser', 'config.pbtxt'));
    expect(den).toContain('backend: "onnxruntime"');
    expect(den).toContain('default_model_filename: "denoiser.onnx"');
    expect(den).toContain('{ name: "sample" data_type: TYPE_FP32 dims: [ 2, 4, 8, 10, 9 ] }');
    expect(den).toContain('{ name: "controlnet_cond" data_type: TYPE_FP32 dims: [ 2, 4, 3, 80, 72 ] }');
    expect(den).toMatch(/output \[\n {2}\{ name: "v" data_type: TYPE_FP32 dims: \[ 2, 4, 4, 10, 9 \] \}\n\]/);
    expect(den).toContain('kind: KIND_GPU');
    expect(den).toContain('parameters { key: "precision_mode" value: "FP16" }');
    const dec = await read(join(out, 'levitor_vae_decoder', 'config.pbtxt'));
    expect(dec).toContain('{ name: "frames" data_type: TYPE_FP32 dims: [ 2, 3, 80, 72 ] }');
    // Same inode: the repository shares the pack's bytes.
    for (const f of ['denoiser.onnx', 'denoiser.onnx.data']) {
      const a = await stat(join(pack, f));
      const b = await stat(join(out, 'levitor_denoiser', '1', f));
      expect(b.ino).toBe(a.ino);
    }
    expect(r.files.every((f) => f.placement === 'hardlink')).toBe(true);
    expect(r.files).toHaveLength(8);
    const gen = await read(join(out, 'levitor_generate', 'config.pbtxt'));
    expect(gen).toContain('model_transaction_policy { decoupled: true }');
    expect(gen).toContain(`key: "pack_sha256" value: { string_value: "${r.packSha256}" }`);
    expect(gen).toContain('key: "resolution" value: { string_value: "72x80" }');
    expect(gen).toContain('key: "latent" value: { string_value: "9x10" }');
    expect(gen).toContain('{ name: "init_noise" data_type: TYPE_FP32 dims: [ 1, 4, 4, 10, 9 ] }');
    expect((await readdir(join(out, 'levitor_generate', '1'))).sort()).toEqual([
      'levitor_pipeline.py',
      'levitor_sampling.py',
      'model.py',
    ]);
  });

  it('--graphs python serves the same names through model.py; the CLI says how files were placed', async () => {
    const out = join(tmp, 'repo');
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
    const models = join(tmp, 'models');
    await installTinyVideoPack(models, 'tiny-video');
    const code = await modelsCommand([
      'triton-repo',
      'tiny-video',
      '--out',
      out,
      '--graphs',
      'python',
      '--models-dir',
      models,
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/wrote Triton repository .*\(graphs: python\)/);
    expect(stdout).toMatch(/graph files (hard-linked|copied)/);
    const enc = await read(join(out, 'levitor_image_encoder', 'config.pbtxt'));
    expect(enc).toContain('backend: "python"');
    expect(enc).toContain('key: "onnx_file" value: { string_value: "image_encoder.onnx" }');
    expect(enc).toContain('{ name: "pixel_values" data_type: TYPE_FP32 dims: [ 1, 3, 224, 224 ] }');
    expect(enc).not.toContain('default_model_filename');
    await stat(join(out, 'levitor_image_encoder', '1', 'model.py'));
    expect(await read(join(out, 'levitor_generate', 'config.pbtxt'))).toContain('"tiny-video"');
  });

  it('never replaces a folder it did not write, and replaces its own repository whole', async () => {
    const pack = await localPack();
    const foreign = join(tmp, 'photos');
    await mkdir(foreign);
    await writeFile(join(foreign, 'keep.jpg'), 'x');
    await expect(writeTritonRepo({ packDir: pack, outDir: foreign })).rejects.toThrow(/is not empty/);
    expect(await readdir(foreign)).toEqual(['keep.jpg']);
    await expect(writeTritonRepo({ packDir: pack, outDir: join(pack, 'repo') })).rejects.toThrow(
      /outside the pack/,
    );
    const out = join(tmp, 'repo');
    await writeTritonRepo({ packDir: pack, outDir: out, graphs: 'python' });
    await writeTritonRepo({ packDir: pack, outDir: out });
    expect(await read(join(out, 'levitor_denoiser', 'config.pbtxt'))).toContain('backend: "onnxruntime"');
    await stat(join(out, 'levitor_denoiser', '1', 'model.py')).then(
      () => expect.fail('the python graph model of the earlier repository is left behind'),
      () => undefined,
    );
    // No staging or old folders are left beside it.
    expect((await readdir(tmp)).sort()).toEqual(['pack', 'photos', 'repo']);
    // A model someone added to the repository (Triton serves a folder of several) is never deleted.
    await mkdir(join(out, 'their_model', '1'), { recursive: true });
    await writeFile(join(out, 'their_model', 'config.pbtxt'), 'name: "their_model"');
    await expect(writeTritonRepo({ packDir: pack, outDir: out })).rejects.toThrow(
      /also holds their_model, which the studio did not write/,
    );
    expect(await read(join(out, 'their_model', 'config.pbtxt'))).toBe('name: "their_model"');
  });

  it('refuses a pack whose graph disagrees with its manifest, leaving no folder', async () => {
    const pack = await localPack();
    const m = JSON.parse(await read(join(pack, 'manifest.json')));
    m.graphs.denoiser.inputs.extra = [1];
    await writeFile(join(pack, 'manifest.json'), JSON.stringify(m));
    const out = join(tmp, 'repo');
    await expect(writeTritonRepo({ packDir: pack, outDir: out })).rejects.toThrow(
      /denoiser\.onnx: the graph's inputs are \[.*\], the pack manifest says \[.*extra/,
    );
    expect((await readdir(tmp)).sort()).toEqual(['pack']);
  });
});
