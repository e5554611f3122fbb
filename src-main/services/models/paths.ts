import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The models folder when no Electron app object is around (CLI, browser host): `--models-dir`, else
 * LEVITOR_MODELS_DIR, else `models/` in LEVITOR_DATA_DIR, else the same place Electron's app.getPath('userData') + '/models' would be, so
 * the CLI and the app share installed models.
 */
export function defaultModelsDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env['LEVITOR_MODELS_DIR']) return env['LEVITOR_MODELS_DIR'];
  // The browser host's data folder (hosts/dataDirs.ts) holds the models unless a models folder is named.
  if (env['LEVITOR_DATA_DIR']) return join(env['LEVITOR_DATA_DIR'], 'models');
  const app = 'levitor-studio';
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), app, 'models');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', app, 'models');
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), app, 'models');
}
