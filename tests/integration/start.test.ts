import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs tool without type declarations
import { electronProblem } from '../../tools/start.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'levitor-start-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const problem = electronProblem as (dir: string | null, env?: Record<string, string>) => string | null;

/** An electron package folder as npm leaves it: package.json, then path.txt and dist/ once downloaded. */
function electronPackage(name: string, withPathTxt: boolean, withProgram: boolean): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"name":"electron"}');
  if (withPathTxt) writeFileSync(join(dir, 'path.txt'), 'electron');
  if (withProgram) writeFileSync(join(dir, 'dist', 'electron'), '');
  return dir;
}

describe('npm start without Electron', () => {
  it('tells a missing package, a skipped download and a deleted program apart from a working install', () => {
    expect(problem(null)).toMatch(/electron package is not installed/);
    expect(problem(electronPackage('skipped', false, false))).toMatch(/never downloaded/);
    expect(problem(electronPackage('deleted', true, false))).toMatch(/program is missing/);
    expect(problem(electronPackage('ok', true, true))).toBeNull();
    expect(
      problem(electronPackage('own', false, false), { ELECTRON_OVERRIDE_DIST_PATH: '/opt/e' }),
    ).toBeNull();
  });

  const installed = problem(resolve(ROOT, 'node_modules/electron')) === null;
  it.skipIf(installed)('says what is missing and what to do instead of a stack trace', () => {
    const r = spawnSync(process.execPath, ['tools/start.mjs', 'preview'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot open its window: .*(never downloaded|missing)/);
    expect(r.stderr).toMatch(/node node_modules\/electron\/install\.js/);
    expect(r.stderr).toMatch(/npm run studio:web/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe('');
  });
});
