import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectService, readArchive, writeArchive } from '../../src-main/services/projects';
import { ProjectError } from '../../src-shared/project';
import { makeProject } from './projectFixture';

let dir: string;
let svc: ProjectService;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-proj-'));
  svc = new ProjectService({ settingsDir: join(dir, 'settings'), recoveryDir: join(dir, 'recovery') });
});
afterEach(async () => {
  svc.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('project save/open', () => {
  it('save -> reopen gives an identical document and identical binary entries', async () => {
    const data = await makeProject();
    svc.update(data);
    const path = join(dir, 'a.levitor');
    await svc.saveAs(path);
    expect(svc.state.dirty).toBe(false);
    const other = new ProjectService({
      settingsDir: join(dir, 'settings'),
      recoveryDir: join(dir, 'recovery'),
    });
    const back = await other.open(path);
    expect(back.doc).toEqual(data.doc);
    expect([...back.entries.keys()].sort()).toEqual([...data.entries.keys()].sort());
    for (const [k, v] of data.entries)
      expect(Buffer.from(back.entries.get(k)!).equals(Buffer.from(v))).toBe(true);
    // Saving the reopened project gives the same bytes (deterministic archive).
    expect(Buffer.from(writeArchive(back)).equals(await readFile(path))).toBe(true);
    other.dispose();
  });

  it('keeps the previous version as .bak and lists recent projects, pruning missing ones', async () => {
    const data = await makeProject();
    svc.update(data);
    const path = join(dir, 'b.levitor');
    await svc.saveAs(path);
    const first = await readFile(path);
    data.doc.name = 'renamed';
    svc.update(data);
    expect(svc.state.dirty).toBe(true);
    await svc.save();
    expect((await readFile(`${path}.bak`)).equals(first)).toBe(true);
    expect((await readArchive(path)).doc.name).toBe('renamed');
    await svc.saveAs(join(dir, 'c.levitor'));
    expect((await svc.recent.list()).map((r) => r.path)).toEqual([join(dir, 'c.levitor'), path]);
    await rm(path);
    expect((await svc.recent.list()).map((r) => r.path)).toEqual([join(dir, 'c.levitor')]);
  });

  it('creates a project from an image with EXIF orientation applied', async () => {
    const sharp = (await import('sharp')).default;
    const img = join(dir, 'rot.jpg');
    // 40x20 pixels stored, orientation 6 (rotate 90 CW) -> 20x40 upright.
    await sharp({ create: { width: 40, height: 20, channels: 3, background: '#336699' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(img);
    const data = await svc.newFromImage(img);
    expect(data.doc.image).toMatchObject({ width: 20, height: 40, orientation: 6, fit: 'crop' });
    await svc.saveAs(join(dir, 'rot.levitor'));
    expect((await svc.open(join(dir, 'rot.levitor'))).doc.image.width).toBe(20);
  });

  it('opens a version 1 archive through the migration', async () => {
    const data = await makeProject();
    const v1 = {
      format: 'levitor-project',
      version: 1,
      name: 'old',
      image: { entry: 'image.png', width: 48, height: 64 },
      objects: [
        { name: 'ball', mask: 'masks/obj1.png', kind: 'moving', trajectory: [{ x: 1, y: 2, depth: 0.5 }] },
      ],
      autoMasks: [],
      depth: null,
    };
    const path = join(dir, 'old.levitor');
    await writeFile(
      path,
      zipSync({
        'project.json': new TextEncoder().encode(JSON.stringify(v1)),
        'image.png': data.entries.get('image.png')!,
        'masks/obj1.png': data.entries.get('masks/obj1.png')!,
      }),
    );
    const before = await readFile(path);
    const opened = await svc.open(path);
    expect(opened.doc.version).toBe(3);
    expect(opened.doc.image.fit).toBe('stretch'); // old projects keep their look
    expect(opened.doc.objects[0]?.trajectory?.points).toEqual([{ x: 1, y: 2, depth: 0.5 }]);
    expect((await readFile(path)).equals(before)).toBe(true); // opening never rewrites
  });

  it('refuses renderer paths that are relative, not .levitor, or device paths', async () => {
    svc.update(await makeProject());
    for (const p of ['rel.levitor', join(dir, 'x.zip'), '/dev/null.levitor', '/proc/x.levitor', '']) {
      await expect(svc.saveAs(p)).rejects.toBeInstanceOf(ProjectError);
    }
    await expect(stat(join(dir, 'x.zip'))).rejects.toThrow();
  });
});
