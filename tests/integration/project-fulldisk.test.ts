import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectService } from '../../src-main/services/projects';
import { makeProject } from './projectFixture';
import { bundleChild } from '../support/bundleChild';
import { runLimited } from './support/runLimited';

// A real file-size limit (RLIMIT_FSIZE through `ulimit -f`, which Node meets as short writes and EFBIG,
// as on a full disk): nothing mocked. Every write that cannot finish must fail, say why, and leave the
// previous file as it was.
let dir: string;
let childJs: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-full-'));
  childJs = await bundleChild('tests/integration/fullDiskChild.ts');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function runChild(limitKiB: number, args: string[]): Promise<Record<string, unknown>[]> {
  const r = await runLimited(limitKiB, childJs, args);
  if (r.code !== 0) throw new Error(`child ended with ${r.code}: ${r.stdout}${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('writes on a full disk', () => {
  it('a save, an autosave and a JSON export larger than the disk allows fail, say why, and keep the old files', async () => {
    const settings = join(dir, 'settings');
    const recovery = join(dir, 'recovery');
    const path = join(dir, 'work.levitor');
    const jsonPath = join(dir, 'trajectories.json');
    const svc = new ProjectService({ settingsDir: settings, recoveryDir: recovery });
    svc.update(await makeProject());
    await svc.saveAs(path);
    svc.dispose();
    await writeFile(jsonPath, '{"previous": true}\n');
    const before = await readFile(path);

    const results = await runChild(1024, [path, settings, recovery, jsonPath]);
    expect(results.map((r) => r['what'])).toEqual(['save', 'autosave', 'json']);
    for (const r of results) {
      expect(r, JSON.stringify(r)).toMatchObject({ ok: false });
      expect(String(r['message'])).toMatch(/disk is full or the file is too large \(EFBIG\)/);
      expect(String(r['message'])).toMatch(/previous file was left as it was/);
    }
    expect(results[0]).toMatchObject({
      name: 'ProjectError',
      code: 'io',
      hint: expect.stringMatching(/disk space/),
    });

    expect((await readFile(path)).equals(before), 'the project file is untouched').toBe(true);
    expect(await readFile(jsonPath, 'utf8')).toBe('{"previous": true}\n');
    const reopened = await new ProjectService({ settingsDir: settings, recoveryDir: recovery }).open(path);
    expect(reopened.doc.name).toBe('fixture');
    // No temp file, no truncated recovery copy left behind.
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(await readdir(recovery).catch(() => [])).toEqual([]);
  }, 60_000);
});
