#!/usr/bin/env node
// `npm start` / `npm run dev`: builds and opens the Electron app (`electron-vite preview`, or `dev` with
// hot reload when the first argument is "dev"). When Electron's own program is
// missing (its download at install time failed or was skipped), say so and what to do, instead of
// letting electron-vite end in "Electron uninstall" and a stack trace.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Why Electron cannot start from the package in `electronDir`, or null when its program is there. The
 * package records the program's path in path.txt once its install script has downloaded it into dist/.
 */
export function electronProblem(electronDir, env = process.env) {
  if (!electronDir || !existsSync(join(electronDir, 'package.json')))
    return 'the electron package is not installed (node_modules/electron is missing)';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return null; // the user points at their own Electron build
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile))
    return "Electron's program was never downloaded (node_modules/electron/dist is missing)";
  const program = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(program) ? null : `Electron's program is missing (${program} does not exist)`;
}

export function missingElectronMessage(problem) {
  return [
    `LeviTor Studio cannot open its window: ${problem}.`,
    'This happens when the download of Electron during `npm install` failed or was skipped',
    '(ELECTRON_SKIP_BINARY_DOWNLOAD=1, no network, or install scripts turned off).',
    '',
    'To fetch Electron (about 100 MB, from GitHub; set ELECTRON_MIRROR to use a mirror):',
    '    node node_modules/electron/install.js',
    '  with ELECTRON_SKIP_BINARY_DOWNLOAD unset, then run `npm start` again.',
    '',
    'Or use the studio in your browser, which needs no Electron:',
    '    npm run build && npm run studio:web',
    '  and open the printed link in Chromium.',
  ].join('\n');
}

function electronDir() {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problem = electronProblem(electronDir());
  if (problem) {
    console.error(missingElectronMessage(problem));
    process.exit(1);
  }
  const bin = join(
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite',
  );
  const [first, ...rest] = process.argv.slice(2);
  const args =
    first === 'dev' || first === 'preview' ? [first, ...rest] : ['preview', ...process.argv.slice(2)];
  const child = spawn(bin, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
