import { dirname, join, resolve } from 'node:path';
import { defaultModelsDir } from '../services/models/paths';

export interface HostDirs {
  /** Settings (recent projects) and recovery files. */
  readonly dataDir: string;
  /** Installed model packs. */
  readonly modelsDir: string;
}

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  const v = i >= 0 ? argv[i + 1] : undefined;
  if (i >= 0 && (!v || v.startsWith('--'))) throw new Error(`${name} needs a folder: ${name} DIR`);
  return v;
}

/**
 * The browser host's folders. The data folder and the models folder are set apart: `--data-dir DIR` (or
 * LEVITOR_DATA_DIR) holds settings and recovery, `--models-dir DIR` (or LEVITOR_MODELS_DIR) the models.
 * Without --models-dir the models are in the data folder's `models/`; without either, both are the app's
 * user-data folder, shared with the Electron app. A models folder never decides where settings go: its
 * parent may be anything (a shared drive, a folder of other things).
 */
export function hostDirs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): HostDirs {
  const dataArg = flag(argv, '--data-dir') ?? env['LEVITOR_DATA_DIR'];
  const modelsArg = flag(argv, '--models-dir') ?? env['LEVITOR_MODELS_DIR'];
  const userData = dirname(defaultModelsDir({ ...env, LEVITOR_MODELS_DIR: '', LEVITOR_DATA_DIR: '' }));
  const dataDir = resolve(dataArg || userData);
  const modelsDir = resolve(modelsArg || join(dataDir, 'models'));
  return { dataDir, modelsDir };
}
