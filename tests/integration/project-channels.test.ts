import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectService, createProjectHandlers } from '../../src-main/services/projects';
import { StudioError } from '../../src-shared/ipc/contract';
import { ProjectSnapshot, projectChannels } from '../../src-shared/project/ipc';

// The channels the studio UI uses besides new/open/save: a project around an image already in the asset
// store, the bundled sample, bytes from the browser's file input, pushes for autosave and the dialog.
const SAMPLE = resolve(import.meta.dirname, '../../resources/samples/coffee.levitor');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-channels-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setup() {
  const svc = new ProjectService({ settingsDir: join(dir, 's'), recoveryDir: join(dir, 'r') });
  const assets = new Map<string, Uint8Array>();
  const h = createProjectHandlers(svc, {
    registerImage: (bytes) => {
      const imageId = `img${assets.size}`;
      assets.set(imageId, bytes);
      return { imageId, url: `/asset/t/image/${imageId}` };
    },
    imageBytes: (id) => assets.get(id),
    samplePath: SAMPLE,
  });
  return { svc, assets, h };
}

describe('project channels for the studio UI', () => {
  it('opens the sample untitled, with its image registered as an asset and not resent', async () => {
    const { h, assets } = setup();
    const snap = ProjectSnapshot.parse(await h['project:openSample']({}));
    expect(snap.path).toBeNull();
    expect(snap.doc.objects.map((o) => o.id)).toEqual(['cup']);
    expect(snap.image?.url).toMatch(/^\/asset\/t\/image\//);
    expect(Object.keys(snap.entries).sort()).toEqual(['depth/original.f32', 'masks/cup.png']);
    const meta = await sharp(assets.get(snap.image?.imageId ?? '')).metadata();
    expect([meta.width, meta.height]).toEqual([600, 400]);
  });

  it('creates a project from an asset id, pushes edits, autosaves and recovers them', async () => {
    const { h, assets, svc } = setup();
    assets.set(
      'opened',
      await sharp({ create: { width: 8, height: 6, channels: 3, background: '#f00' } })
        .png()
        .toBuffer(),
    );
    const snap = ProjectSnapshot.parse(await h['project:newFromImage']({ imageId: 'opened', name: 'red' }));
    expect(snap.doc.image).toMatchObject({ width: 8, height: 6 });
    // An image just opened has nothing to recover.
    expect(snap.dirty).toBe(false);
    expect(await h['project:autosave']({})).toEqual({ written: false });
    const doc = { ...snap.doc, name: 'red edited' };
    expect(await h['project:update']({ edit: { doc }, dirty: true })).toEqual({ dirty: true });
    expect(await h['project:autosave']({})).toEqual({ written: true });
    const list = projectChannels['project:recoverList'].response.parse(await h['project:recoverList']({}));
    const entry = list.find((e) => e.name === 'red edited');
    expect(entry).toBeDefined();
    const back = ProjectSnapshot.parse(await h['project:recover']({ id: entry?.id ?? '' }));
    expect(back.doc.name).toBe('red edited');
    // A clean document (undo back to the saved state) writes no recovery file and drops the old one.
    await h['project:update']({ edit: { doc }, dirty: false });
    expect(await h['project:autosave']({})).toEqual({ written: false });
    expect(await h['project:recoverList']({})).toEqual([]);
    // Frames a generation stored before the renderer lists its take survive a push, not a save.
    svc.data?.entries.set('takes/t1/frame_000.png', new Uint8Array([1, 2, 3]));
    await h['project:update']({ edit: { doc }, dirty: true });
    expect(svc.data?.entries.has('takes/t1/frame_000.png')).toBe(true);
    await h['project:saveAs']({ path: join(dir, 'red.levitor'), edit: { doc } });
    expect(svc.data?.entries.has('takes/t1/frame_000.png')).toBe(false);
    svc.dispose();
  });

  it('opens a file by its bytes and refuses corrupt bytes with a project/<code> error', async () => {
    const { h, svc } = setup();
    const bytes = await readFile(SAMPLE);
    const snap = ProjectSnapshot.parse(
      await h['project:openBytes']({ name: 'coffee.levitor', base64: bytes.toString('base64') }),
    );
    expect(snap.doc.name).toBe('Coffee cup (sample)');
    const broken = Buffer.from(bytes);
    broken.fill(7, 2000, 6000);
    await expect(
      h['project:openBytes']({ name: 'x.levitor', base64: broken.toString('base64') }),
    ).rejects.toSatisfy((e: unknown) => e instanceof StudioError && e.code.startsWith('project/'));
    // The project that was open is still the current one.
    expect(svc.state.doc?.name).toBe('Coffee cup (sample)');
    await expect(h['project:newFromImage']({ imageId: 'gone' })).rejects.toSatisfy(
      (e: unknown) => e instanceof StudioError && e.code === 'project/not-found',
    );
    expect(await h['project:pickPath']({ mode: 'save', suggestedName: 'a/b' })).toEqual({
      kind: 'unavailable',
      suggestedPath: expect.stringMatching(/^\/.*a_b\.levitor$/),
    });
  });
});
