import { describe, expect, it } from 'vitest';
import { catalogue, catalogueApproxBytes } from './catalogue';
import { contractRole, parseModelManifest } from './manifest';

const good = {
  format: 'levitor-model',
  formatVersion: 1,
  id: 'sam2.1-hiera-tiny',
  role: 'segmentation',
  name: 'SAM 2.1 tiny',
  contract: 'sam2-encoder-decoder',
  source: { kind: 'huggingface', repo: 'x/y' },
  licence: { spdx: 'Apache-2.0', redistributable: true },
  files: [{ path: 'encoder.onnx', bytes: 10, sha256: 'a'.repeat(64) }],
};

describe('model manifest', () => {
  it('parses a valid manifest', () => {
    expect(parseModelManifest(good).id).toBe('sam2.1-hiera-tiny');
  });
  it('names the offending field', () => {
    expect(() => parseModelManifest({ ...good, files: [{ path: 'a', bytes: 1, sha256: 'xyz' }] })).toThrow(
      /files\.0\.sha256: sha256 must be 64/,
    );
    expect(() => parseModelManifest({ ...good, licence: undefined })).toThrow(/licence:/);
    expect(() => parseModelManifest({ ...good, id: '../x' })).toThrow(/id:/);
  });
  it('refuses paths that leave the model folder', () => {
    for (const path of ['../a.onnx', '/etc/passwd', 'a/../../b', 'C:/x', 'a\\b', 'a//b']) {
      expect(() => parseModelManifest({ ...good, files: [{ ...good.files[0], path }] }), path).toThrow(
        /files\.0\.path/,
      );
    }
  });
  it('refuses a contract of another role and duplicate files', () => {
    expect(() => parseModelManifest({ ...good, role: 'depth' })).toThrow(/segmentation contract/);
    expect(() => parseModelManifest({ ...good, files: [good.files[0], good.files[0]] })).toThrow(/duplicate/);
  });
});

describe('catalogue', () => {
  it('has unique ids, roles matching contracts, and no invented checksums', () => {
    expect(new Set(catalogue.map((e) => e.id)).size).toBe(catalogue.length);
    for (const e of catalogue) {
      expect(contractRole[e.contract]).toBe(e.role);
      if (e.download.kind === 'files')
        expect(e.download.files.every((f) => f.sha256 === undefined)).toBe(true);
      if (e.download.kind === 'zip') expect(e.download.sha256).toBeUndefined();
    }
  });
  it('lists the sizes of the contracts spec', () => {
    const mb = (id: string) =>
      Math.round((catalogueApproxBytes(catalogue.find((e) => e.id === id)!) ?? 0) / 1e6);
    expect(mb('sam2.1-hiera-tiny')).toBe(111);
    expect(mb('sam2.1-hiera-small')).toBe(136);
    expect(mb('sam2.1-hiera-base-plus')).toBe(259);
    expect(mb('sam2.1-hiera-large')).toBe(768);
    expect(mb('depth-anything-v2-small')).toBe(99);
    expect(mb('depth-anything-v2-small-fp16')).toBe(50);
    expect(mb('depth-anything-v2-small-int8')).toBe(27);
    expect(catalogue.find((e) => e.role === 'video')?.download.kind).toBe('hub-checkpoints');
    expect(mb('levitor-svd-xt')).toBe(7240); // SVD-XT fp16 UNet + VAE + image encoder, LeviTor ControlNet fp32
  });
});
