import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const CACHE = resolve(import.meta.dirname, '../../node_modules/.cache/levitor-tests');

/**
 * Bundles a TypeScript entry (a child-process script for a kill or file-size-limit test, or the inference
 * host) with esbuild into node_modules/.cache/levitor-tests/<outName>, so tests run the current source
 * whatever state out/ is in; its external packages (onnxruntime-node, sharp, yauzl, fflate) resolve from the
 * node_modules around it. Returns the .mjs path to fork.
 */
export async function bundleChild(entry: string, outName?: string): Promise<string> {
  const out = join(CACHE, outName ?? entry.replace(/^.*\//, '').replace(/\.ts$/, '.mjs'));
  await mkdir(CACHE, { recursive: true });
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
