import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectService, createProjectHandlers } from '../../src-main/services/projects';
import { StudioError } from '../../src-shared/ipc/contract';
import { ProjectSnapshot } from '../../src-shared/project/ipc';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-ipc-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('project:* handlers', () => {
  it('new -> edit -> saveAs -> open through the channel schemas', async () => {
    const svc = new ProjectService({ settingsDir: join(dir, 's'), recoveryDir: join(dir, 'r') });
    const h = createProjectHandlers(svc);
    const img = join(dir, 'img.png');
    await sharp({ create: { width: 30, height: 20, channels: 3, background: '#808080' } })
      .png()
      .toFile(img);
    const snap = ProjectSnapshot.parse(await h['project:new']({ imagePath: img }));
    expect(snap.doc.image).toMatchObject({ width: 30, height: 20 });
    expect(Object.keys(snap.entries)).toEqual(['image.png']);
    const mask = await sharp(Buffer.alloc(600, 255), { raw: { width: 30, height: 20, channels: 1 } })
      .png()
      .toBuffer();
    const doc = structuredClone(snap.doc);
    doc.objects.push({
      id: 'a',
      name: 'thing',
      colour: '#123456',
      kind: 'moving',
      visible: true,
      locked: false,
      mask: 'masks/a.png',
      prompts: { points: [], box: null },
      trajectory: { points: [{ x: 1, y: 1, depth: 0.5 }], timing: 'uniform', easing: [] },
    });
    const path = join(dir, 'p.levitor');
    await h['project:saveAs']({ path, edit: { doc, entries: { 'masks/a.png': mask.toString('base64') } } });
    const other = createProjectHandlers(
      new ProjectService({ settingsDir: join(dir, 's'), recoveryDir: join(dir, 'r') }),
    );
    const back = ProjectSnapshot.parse(await other['project:open']({ path }));
    expect(back.doc).toEqual(doc);
    expect(back.entries['masks/a.png']).toBe(mask.toString('base64'));
    expect(await other['project:recent']({})).toEqual([expect.objectContaining({ path })]);
    expect(await other['project:recoverList']({})).toEqual([]);
  });

  it('refuses bad renderer paths and foreign files with project/<code> errors', async () => {
    const h = createProjectHandlers(
      new ProjectService({ settingsDir: join(dir, 's'), recoveryDir: join(dir, 'r') }),
    );
    await writeFile(join(dir, 'junk.levitor'), 'junk');
    for (const path of ['rel.levitor', '/dev/zero.levitor', join(dir, 'x.txt'), join(dir, 'junk.levitor')]) {
      await expect(h['project:open']({ path })).rejects.toSatisfy(
        (e: unknown) => e instanceof StudioError && e.code.startsWith('project/'),
      );
    }
    await expect(h['project:open']({ path: 5 })).rejects.toThrow();
  });
});
