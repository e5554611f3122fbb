// The studio's TypeScript sources bundled for the Node benches (the control engine and scene loader, and others).
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Bundles TypeScript sources of the studio (`exports`: export lines, paths from the repository root) into
 * node_modules/.cache/levitor-bench/<name>.mjs, where the packages left external resolve, and imports it.
 */
export async function bundleSources(name, exports, external = ['sharp', 'zod']) {
  const outDir = join(root, 'node_modules', '.cache', 'levitor-bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    stdin: { contents: exports, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    outfile,
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

/** { computeControl, loadScene }, bundled into node_modules/.cache/levitor-bench/<name>.mjs. */
export function loadEngine(name = 'control-engine') {
  return bundleSources(
    name,
    `export { computeControl } from './src-shared/control/index.ts';
export { loadScene } from './src-main/services/scene/loadScene.ts';`,
  );
}
