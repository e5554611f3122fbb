import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ModelError } from '../models/errors';
import type { ModelRegistry } from '../models/registry';
import { writeTritonRepo, type TritonRepoOptions, type TritonRepoResult } from './repo';

export type TritonRepoRequest = Omit<TritonRepoOptions, 'packDir' | 'packId'> & {
  /** An installed video model's id, or a pack folder (with its manifest.json). */
  pack: string;
};

/** An installed video model only (what the app may name: no folders from the renderer). */
export async function writeTritonRepoForModel(
  registry: ModelRegistry,
  id: string,
  rest: Omit<TritonRepoOptions, 'packDir' | 'packId'>,
): Promise<TritonRepoResult> {
  const m = await registry.get(id);
  if (m.manifest.role !== 'video')
    throw new ModelError('invalid', `${id} is a ${m.manifest.role} model, not a video pack`);
  const modelsRoot = resolve(registry.root);
  const out = resolve(rest.outDir);
  if (out === modelsRoot || out.startsWith(modelsRoot + sep))
    throw new ModelError(
      'invalid',
      'the Triton repository cannot go inside the models folder; choose another',
    );
  return writeTritonRepo({ ...rest, packDir: registry.filesDir(id), packId: id });
}

/**
 * Resolves `pack` (installed video model id first, then a folder) and writes the repository: what the CLI
 * (`levitor models triton-repo`) and the Models panel call.
 */
export async function writeTritonRepoFor(
  registry: ModelRegistry,
  req: TritonRepoRequest,
): Promise<TritonRepoResult> {
  const { pack, ...rest } = req;
  const installed = await registry.get(pack).catch(() => undefined);
  if (installed) return writeTritonRepoForModel(registry, pack, rest);
  const dir = resolve(pack);
  if (!existsSync(join(dir, 'manifest.json')) || !statSync(dir).isDirectory())
    throw new ModelError(
      'not-installed',
      `${pack} is neither an installed video model (levitor models list) nor a video pack folder`,
    );
  return writeTritonRepo({ ...rest, packDir: dir });
}
