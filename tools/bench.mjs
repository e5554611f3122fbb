#!/usr/bin/env node
// npm run bench -- <name> [args...]: runs tools/bench/<name>.mjs (its exported `run(argv)`).
// Benchmarks print figures and assert nothing (tests never assert on time).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const [name, ...rest] = process.argv.slice(2);
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.slice(0, -4));
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <${names.join('|')}> [args]`);
  process.exit(2);
}
const file = join(dir, `${name}.mjs`);
if (!existsSync(file)) process.exit(2);
const mod = await import(pathToFileURL(file).href);
if (typeof mod.run === 'function') await mod.run(rest);
