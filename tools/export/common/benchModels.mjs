// Shared by tools/bench/seg.mjs and depth.mjs: locate (or export, when tools/.venv-export exists) the
// full-size random-weight bench models in a cache dir outside git.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export function benchModelDir(root, argv) {
  const i = argv.indexOf('--models');
  return i >= 0 && argv[i + 1]
    ? argv[i + 1]
    : join(process.env.LEVITOR_BENCH_CACHE ?? join(homedir(), '.cache', 'levitor-bench'));
}

/** Returns true when the files exist (exporting them first if the Python venv is there). */
export function ensureBenchModels(root, dir, only, files) {
  const have = () => files.every((f) => existsSync(join(dir, f)));
  if (have()) return true;
  const py = join(root, 'tools', '.venv-export', 'bin', 'python');
  if (!existsSync(py)) {
    console.log(`(no ${py}: run bash tools/export/setup.sh to export the full-size bench models)`);
    return false;
  }
  console.log(`exporting full-size random-weight ${only} into ${dir} (once) ...`);
  // bench_models writes <out>/sam2.1-tiny and <out>/da-v2-small: its --out is the folder above `dir`
  const r = spawnSync(py, ['-m', 'tools.export.bench_models', '--out', dirname(dir), '--only', only], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PYTHONWARNINGS: 'ignore' },
  });
  return r.status === 0 && have();
}

export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
};

/** A 288x512 RGB test picture (gradient + shapes), no file needed. */
export function testImage(width = 288, height = 512) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const inDisc = (x - width * 0.4) ** 2 + (y - height * 0.4) ** 2 < (width * 0.25) ** 2;
      data[i] = inDisc ? 220 : (40 + (120 * y) / height) | 0;
      data[i + 1] = inDisc ? 60 : (90 + (60 * x) / width) | 0;
      data[i + 2] = inDisc ? 40 : (200 - (100 * y) / height) | 0;
    }
  }
  return { data, width, height };
}

/** A vite server that loads the TypeScript sources in Node (also used by the video model checks). */
export async function viteLoader(root) {
  const { createServer } = await import('vite');
  const vite = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    // ws: false: no HMR socket, so two of these processes can run at once
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  return vite;
}
