import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ModelError } from '../models/errors';
import type { ModelRegistry } from '../models/registry';
import { writeTritonRepo, type TritonRepoOptions, type TritonRepoResult } from './repo';

export type TritonRepoRequest = Omit<TritonRepoOptions, 'packDir' | 'packId'> & {
  /** An installed video model's id, or a pack folder (with its manifest.json). */
  pack: string;
};

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
  if (installed) {
    if (installed.manifest.role !== 'video')
      throw new ModelError('invalid', `${pack} is a ${installed.manifest.role} model, not a video pack`);
    return writeTritonRepo({ ...rest, packDir: registry.filesDir(pack), packId: pack });
  }
  const dir = resolve(pack);
  if (!existsSync(join(dir, 'manifest.json')) || !statSync(dir).isDirectory())
    throw new ModelError(
      'not-installed',
      `${pack} is neither an installed video model (levitor models list) nor a video pack folder`,
    );
  return writeTritonRepo({ ...rest, packDir: dir });
}
