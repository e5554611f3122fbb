import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesService } from '../../src-main/services/files';
import { ProjectService, createProjectHandlers } from '../../src-main/services/projects';
import type { FilePurpose } from '../../src-shared/files/ipc';
import { StudioError } from '../../src-shared/ipc/contract';
import { ProjectSnapshot } from '../../src-shared/project/ipc';

let dir: string;
const files = new FilesService();
/** The handle main would issue after the user chose `path` in a dialog. */
const grant = (path: string, purpose: FilePurpose) => files.grant(path, purpose).handle;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-ipc-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('project:* handlers', () => {
  it('new -> edit -> saveAs -> open through the channel schemas', async () => {
    const svc = new ProjectService({ settingsDir: join(dir, 's'), recoveryDir: join(dir, 'r') });
    const h = createProjectHandlers(svc, { files });
    const img = join(dir, 'img.png');
    await sharp({ create: { width: 30, height: 20, channels: 3, background: '#808080' } })
      .png()
      .toFile(img);
    const snap = ProjectSnapshot.parse(await h['project:new']({ image: grant(img, 'open-image') }));
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
    await h['project:saveAs']({
      handle: grant(path, 'save-project'),
      edit: { doc, entries: { 'masks/a.png': new Uint8Array(mask) } },
    });
    const other = createProjectHandlers(
      new ProjectService({ settingsDir: join(dir, 's'), recoveryDir: join(dir, 'r') }),
      { files },
    );
    const back = ProjectSnapshot.parse(await other['project:open']({ handle: grant(path, 'open-project') }));
    expect(back.doc).toEqual(doc);
    expect(Buffer.from(back.entries['masks/a.png'] ?? []).equals(mask)).toBe(true);
    const recent = (await other['project:recent']({})) as { path: string; handle: string }[];
    expect(recent).toEqual([expect.objectContaining({ path })]);
    // The recent list opens by the handle main issued for it.
    expect(ProjectSnapshot.parse(await other['project:open']({ handle: recent[0]?.handle })).doc).toEqual(
      doc,
    );
    expect(await other['project:recoverList']({})).toEqual([]);
  });

  it('takes no path from the renderer; a chosen file that is not a project gets a project/<code> error', async () => {
    const h = createProjectHandlers(
      new ProjectService({ settingsDir: join(dir, 's'), recoveryDir: join(dir, 'r') }),
      { files },
    );
    await writeFile(join(dir, 'junk.levitor'), 'junk');
    await expect(h['project:open']({ path: join(dir, 'junk.levitor') })).rejects.toThrow();
    await expect(h['project:open']({ path: 5 })).rejects.toThrow();
    await expect(
      h['project:open']({ handle: grant(join(dir, 'junk.levitor'), 'open-project') }),
    ).rejects.toSatisfy((e: unknown) => e instanceof StudioError && e.code.startsWith('project/'));
    // A handle for another purpose, a made-up one: the one refusal, whatever the file.
    for (const handle of [grant(join(dir, 'junk.levitor'), 'save-project'), `fh_${'A'.repeat(32)}`])
      await expect(h['project:open']({ handle })).rejects.toSatisfy(
        (e: unknown) => e instanceof StudioError && e.code === 'files/unknown-handle',
      );
  });
});
