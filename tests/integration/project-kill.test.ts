import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectService } from '../../src-main/services/projects';
import { makeProject } from './projectFixture';
import { bundleChild } from '../support/bundleChild';

let dir: string;
let childJs: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-kill-'));
  childJs = await bundleChild('tests/integration/projectChild.ts');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function startChild(args: string[]): {
  child: ChildProcess;
  lines: string[];
  waitFor: (l: string) => Promise<void>;
} {
  const child = spawn(process.execPath, [childJs, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: [string, () => void][] = [];
  child.stdout!.on('data', (b: Buffer) => {
    for (const l of b.toString().split('\n').filter(Boolean)) {
      lines.push(l);
      for (const [w, r] of waiters) if (w === l) r();
    }
  });
  const waitFor = (l: string): Promise<void> =>
    lines.includes(l) ? Promise.resolve() : new Promise((r) => waiters.push([l, r]));
  return { child, lines, waitFor };
}

/** Resolves once the process has exited and its pid is gone (the next save treats its temp files as stale). */
async function killed(c: ChildProcess): Promise<void> {
  await new Promise<void>((r) => (c.exitCode !== null || c.signalCode ? r() : c.once('exit', () => r())));
  for (let i = 0; i < 200 && c.pid !== undefined && pidAlive(c.pid); i++)
    await new Promise((r) => setTimeout(r, 10));
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('killed processes', () => {
  it('a save killed midway leaves the previous file intact and openable', async () => {
    const settings = join(dir, 'settings');
    const recovery = join(dir, 'recovery');
    const path = join(dir, 'work.levitor');
    const svc = new ProjectService({ settingsDir: settings, recoveryDir: recovery });
    const original = await makeProject();
    svc.update(original);
    await svc.saveAs(path);
    const before = await readFile(path);

    // The child's save stops after its first 8 MiB piece reached the temp file (see projectChild.ts), so
    // the kill lands mid-write however loaded the machine is.
    const { child, waitFor } = startChild(['save', path, settings, recovery]);
    await waitFor('partial');
    const tmp = (await readdir(dir)).find((n) => n.startsWith('.work.levitor') && n.endsWith('.tmp'));
    expect(tmp, 'the save has a temp file').toBeDefined();
    const partial = (await stat(join(dir, tmp!))).size;
    child.kill('SIGKILL');
    await killed(child);
    expect((await readFile(path)).equals(before), 'the project file is untouched').toBe(true);
    expect(partial, 'a first piece was written').toBeGreaterThanOrEqual(8 << 20);
    expect(partial, 'but not the whole project').toBeLessThan(24 << 20);
    console.log(`killed the save with ${partial} bytes of the temp file written`);

    const reopened = await new ProjectService({ settingsDir: settings, recoveryDir: recovery }).open(path);
    expect(reopened.doc).toEqual(original.doc);
    // The killed writer's temp file is cleared by the next save of the same file.
    expect((await readdir(dir)).some((n) => n.endsWith('.tmp'))).toBe(true);
    await svc.save();
    const left = (await readdir(dir)).filter((n) => n.startsWith('.work.levitor'));
    expect(left, `left after the next save: ${left.join(', ')}`).toEqual([]);
    svc.dispose();
  }, 120_000);

  it('recovers the autosave of a killed process', async () => {
    const settings = join(dir, 'settings2');
    const recovery = join(dir, 'recovery2');
    const path = join(dir, 'rec.levitor');
    const svc = new ProjectService({ settingsDir: settings, recoveryDir: recovery });
    svc.update(await makeProject());
    await svc.saveAs(path);
    expect(await svc.recovery.list()).toEqual([]);

    const { child, waitFor } = startChild(['autosave', path, settings, recovery]);
    await waitFor('autosaved');
    child.kill('SIGKILL');
    await killed(child);

    const next = new ProjectService({ settingsDir: settings, recoveryDir: recovery });
    const offers = await next.recovery.list();
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ projectPath: path, name: 'edited before the crash' });
    const data = await next.recover(offers[0]!.id);
    expect(data.doc.name).toBe('edited before the crash');
    expect(data.doc.objects[0]?.trajectory?.points).toHaveLength(3);
    expect(next.state).toMatchObject({ path, dirty: true });
    // Saving the recovered project clears the offer; the original file had not been touched until then.
    expect(
      (await new ProjectService({ settingsDir: settings, recoveryDir: recovery }).open(path)).doc.name,
    ).toBe('fixture');
    await next.save();
    expect(await next.recovery.list()).toEqual([]);
    expect((await readdir(recovery)).length).toBe(0);

    // Discard path: an offer can be dropped without opening it.
    const again = startChild(['autosave', path, settings, recovery]);
    await again.waitFor('autosaved');
    again.child.kill('SIGKILL');
    await killed(again.child);
    const offers2 = await next.recovery.list();
    expect(offers2).toHaveLength(1);
    await next.recovery.discard(offers2[0]!.id);
    expect(await next.recovery.list()).toEqual([]);
    svc.dispose();
    next.dispose();
  }, 120_000);
});
