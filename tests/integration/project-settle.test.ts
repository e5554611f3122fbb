import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FilesService } from '../../src-main/services/files';
import { TakeStore, withTakeFrames } from '../../src-main/services/generation';
import { AssetStore } from '../../src-main/services/images/assetStore';
import {
  ProjectService,
  createProjectHandlers,
  readArchive,
  writeArchive,
} from '../../src-main/services/projects';
import { frameEntryName } from '../../src-shared/project';
import { ProjectSnapshot } from '../../src-shared/project/ipc';
import { projectTemp } from './projectTemp';

// Main and the window always hold the same project: an open the window could not show (a piece it could
// not fetch, a mask it could not decode, the document kept because it was edited while the file loaded)
// is settled with shown: false, and main puts back the project the window still shows.
const t = projectTemp('levitor-settle-');
const files = new FilesService();

/** The studio's main side as the window reaches it: project handlers behind the take check, real stores. */
function studio(name: string) {
  const svc = new ProjectService({
    settingsDir: join(t.dir, name, 's'),
    recoveryDir: join(t.dir, name, 'r'),
  });
  const takes = new TakeStore(new AssetStore(), (id) => `/asset/${id}`, svc);
  const h = withTakeFrames(createProjectHandlers(svc, { files }), takes, svc);
  const call = (channel: string, payload: unknown): Promise<unknown> => h[channel]!(payload);
  const open = async (path: string) =>
    ProjectSnapshot.parse(await call('project:open', { handle: files.grant(path, 'open-project').handle }));
  return { svc, takes, call, open };
}

async function twoFiles(name: string): Promise<{ a: string; b: string }> {
  const a = join(t.dir, `${name}-a.levitor`);
  const b = join(t.dir, `${name}-b.levitor`);
  await writeFile(a, writeArchive(t.good));
  const other = structuredClone(t.good.doc);
  other.id = 'project-b';
  other.name = 'other';
  await writeFile(b, writeArchive({ doc: other, entries: t.good.entries }));
  return { a, b };
}

describe('an open the window could not show is put back', () => {
  it("the next Save writes the window's document into its own file, with a take generated for it", async () => {
    const { svc, takes, call, open } = studio('save');
    const { a, b } = await twoFiles('save');
    const first = await open(a);
    await call('project:settle', { id: first.settle, shown: true });
    // A take finishes for A (what the generation queue does with its frames).
    const take = { ...t.good.doc.takes[0]!, id: 'fresh', frames: { dir: 'takes/fresh', count: 4 } };
    const pngs = [0, 1, 2, 3].map((i) => t.good.entries.get(frameEntryName('takes/t1', i))!);
    takes.add(take, pngs, first.doc.id);
    // B opens in main; the window cannot show it (its pieces expired, a mask did not decode) and says so.
    const second = await open(b);
    expect(svc.state.path).toBe(b);
    const bBefore = await readFile(b);
    expect(await call('project:settle', { id: second.settle, shown: false })).toEqual({
      path: a,
      id: first.doc.id,
      reverted: true,
    });
    expect(svc.state).toMatchObject({ path: a, dirty: false });
    // Before, main held B: this save wrote A's document into b.levitor, and the take was refused as
    // another project's (and after the window's rebind, its new id refused it for good).
    const doc = { ...first.doc, name: 'edited a', takes: [...first.doc.takes, take] };
    await expect(call('project:save', { edit: { doc } })).resolves.toEqual({ path: a });
    expect((await readFile(b)).equals(bBefore)).toBe(true);
    const back = await readArchive(a);
    expect(back.doc.name).toBe('edited a');
    expect(Buffer.from(back.entries.get('takes/fresh/frame_003.png')!).equals(pngs[3]!)).toBe(true);
    svc.dispose();
  });

  it('unsaved work and its recovery copy come back when the window kept its document', async () => {
    const { svc, call, open } = studio('kept');
    const { a, b } = await twoFiles('kept');
    const first = await open(a);
    await call('project:settle', { id: first.settle, shown: true });
    await call('project:update', { edit: { doc: { ...first.doc, name: 'unsaved' } }, dirty: true });
    await svc.autosaveNow();
    expect((await svc.recovery.list()).map((e) => e.name)).toEqual(['unsaved']);
    // Opening B replaces A (the user agreed to discard): its copy goes at once...
    const second = await open(b);
    expect(await svc.recovery.list()).toEqual([]);
    // ...but the user edited A while B loaded and kept it: A, unsaved, and its copy are back.
    await call('project:settle', { id: second.settle, shown: false });
    expect(svc.state).toMatchObject({ path: a, dirty: true });
    expect(svc.state.doc?.name).toBe('unsaved');
    expect((await svc.recovery.list()).map((e) => e.name)).toEqual(['unsaved']);
    svc.dispose();
  });

  it('a shown open lets go of the project before; a late or repeated settle changes nothing', async () => {
    const { svc, call, open } = studio('late');
    const { a, b } = await twoFiles('late');
    const first = await open(a);
    const second = await open(b);
    // The first open was never settled and another came since: it cannot put anything back.
    await expect(call('project:settle', { id: first.settle, shown: false })).resolves.toMatchObject({
      path: b,
      reverted: false,
    });
    await call('project:settle', { id: second.settle, shown: true });
    await expect(call('project:settle', { id: second.settle, shown: false })).resolves.toMatchObject({
      path: b,
      reverted: false,
    });
    expect(svc.state.path).toBe(b);
    svc.dispose();
  });

  it('a save that ends after another project was opened does not give that project its path', async () => {
    const { svc } = studio('race');
    const { a } = await twoFiles('race');
    await svc.open(a);
    const x = join(t.dir, 'race-x.levitor');
    let saving: Promise<string> | null = null;
    // The save is accepted just before the swap (inside the open's reply) and written after it.
    await svc.openUntitled(writeArchive(t.good), (data) => {
      saving = svc.saveAs(x);
      return data;
    });
    await expect(saving).resolves.toBe(x);
    // Before, the untitled project took x as its path: its next Save wrote it over A's copy at x.
    expect(svc.state.path).toBeNull();
    expect((await readArchive(x)).doc.id).toBe(t.good.doc.id);
    svc.dispose();
  });
});
