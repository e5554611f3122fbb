import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSvdPack, SvdPackOutdatedError } from '../../src-main/inference/models/svd/manifest';
import { describeFailure, GenerationErrorCode } from '../../src-main/services/generation/errors';
import { ModelError } from '../../src-main/services/models/errors';
import { installFromFolder } from '../../src-main/services/models/install';
import { ModelRegistry } from '../../src-main/services/models/registry';
import { SVD_TINY_PACK } from '../golden/svdGoldens';

// A pack exported before the graphs computed LeviTor's temporal-context order (issue 11) carries no
// graphSemantics (or 1): the studio must refuse to install or run it and say to re-export or reinstall it.
let tmp: string;
let oldPack: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'levitor-semantics-'));
  oldPack = join(tmp, 'old-pack');
  await cp(SVD_TINY_PACK, oldPack, { recursive: true });
  const manifest = JSON.parse(await readFile(join(oldPack, 'manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  expect(manifest.graphSemantics).toBe(2); // the committed tiny pack is current
  delete manifest.graphSemantics;
  await writeFile(join(oldPack, 'manifest.json'), JSON.stringify(manifest));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

describe('video packs of an older graph semantics', () => {
  it('loadSvdPack refuses one, and the generation job says to re-export or reinstall it', () => {
    expect(loadSvdPack(SVD_TINY_PACK).manifest.graphSemantics).toBe(2);
    let err: unknown;
    try {
      loadSvdPack(oldPack);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SvdPackOutdatedError);
    const failure = describeFailure(err, false);
    expect(failure.code).toBe(GenerationErrorCode.OutdatedVideoModel);
    expect(failure.message).toMatch(/older exporter .* Re-export it .* reinstall the video pack/);
  });

  it('the model manager refuses to install one and leaves nothing behind', async () => {
    const registry = new ModelRegistry(join(tmp, 'models'));
    const err = await installFromFolder(registry, oldPack, { id: 'old-pack' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('invalid');
    expect((err as ModelError).message).toMatch(/graph semantics 1, this studio needs 2.*Re-export/);
    expect((await registry.list()).models).toEqual([]);
  });
});
