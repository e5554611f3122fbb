// The control engine and the scene loader, bundled from the TypeScript sources for the Node benches.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** { computeControl, loadScene }, bundled into node_modules/.cache/levitor-bench/<name>.mjs. */
export async function loadEngine(name = 'control-engine') {
  const outDir = join(root, 'node_modules', '.cache', 'levitor-bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    stdin: {
      contents: `export { computeControl } from './src-shared/control/index.ts';
export { loadScene } from './src-main/services/scene/loadScene.ts';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['sharp', 'zod'],
    outfile,
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}
