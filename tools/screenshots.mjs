#!/usr/bin/env node
// `npm run screenshots`: refreshes the README's images in docs/screenshots. It builds the app, then runs
// the e2e tests that take them (in Chromium against the browser host) with LEVITOR_README_SCREENSHOTS=1;
// an ordinary test run writes them to a temporary folder instead and never touches tracked files.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const bin = (name) => join('node_modules', '.bin', name);
const e2e = join('tests', 'e2e');
const files = readdirSync(e2e)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join(e2e, f))
  .filter((f) => readFileSync(f, 'utf8').includes('saveReadmeScreenshot('));

function run(cmd, args, env = process.env) {
  console.log(`\n=== ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(bin('electron-vite'), ['build']);
run(bin('vitest'), ['run', '--project', 'e2e', ...files], {
  ...process.env,
  LEVITOR_README_SCREENSHOTS: '1',
});
console.log(
  '\ndocs/screenshots refreshed; review them (git diff --stat docs/screenshots) before committing.',
);
