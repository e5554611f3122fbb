import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles a TypeScript child-process script for tests that need a second process (a kill, a file-size
 * limit). Written next to node_modules so its external packages (sharp, yauzl, fflate) resolve.
 */
export async function bundleChild(entry: string): Promise<string> {
  const name = entry.replace(/^.*\//, '').replace(/\.ts$/, '.mjs');
  const out = join(process.cwd(), 'node_modules', '.cache', 'levitor-tests', name);
  await mkdir(join(out, '..'), { recursive: true });
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: out,
    logLevel: 'error',
  });
  return out;
}
