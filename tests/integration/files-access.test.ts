import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleRequest } from '../../src-main/ipc/dispatcher';
import { createStudioServices, type StudioServices } from '../../src-main/services';
import { ProjectService } from '../../src-main/services/projects';

// Main's authority over the user's files (src-main/services/files): no channel takes a path from the
// renderer, handles are bound to the connection and purpose they were issued for, and the browser host's
// in-app picker only reaches plain folders under its roots. Real files, real FIFOs, the real dispatcher.
let root: string; // the picker's root (the user's home in the host)
let data: string; // the studio's data folder
let services: StudioServices;

const call = async (channel: string, payload: unknown, scope = 'socket:a') => {
  const r = await handleRequest(services, channel, payload, scope);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.result as Record<string, unknown>;
};
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: { code: string; message: string }) => e,
  );

beforeAll(async () => {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'levitor-files-')));
  root = join(base, 'home');
  data = join(root, 'studio-data');
  await mkdir(join(root, 'Pictures', 'trip'), { recursive: true });
  await mkdir(join(root, '.ssh'));
  await mkdir(join(base, 'outside'));
  await mkdir(data);
  await writeFile(join(root, '.ssh', 'id_ed25519'), 'secret');
  await writeFile(join(root, 'notes.txt'), 'not an image');
  await writeFile(join(base, 'outside', 'x.levitor'), 'x');
  await symlink(join(base, 'outside'), join(root, 'Pictures', 'escape'));
  await sharp({ create: { width: 6, height: 4, channels: 3, background: '#f80' } })
    .png()
    .toFile(join(root, 'Pictures', 'photo.png'));
  services = createStudioServices({
    host: 'browser',
    version: 'test',
    assetUrl: (id) => `/asset/t/image/${id}`,
    emit: () => undefined,
    modelsDir: join(data, 'models'),
    settingsDir: data,
    autosaveMs: 0,
    fileRoots: [root],
  });
});
afterAll(async () => {
  await services?.dispose();
  await rm(join(root, '..'), { recursive: true, force: true });
});

describe('paths from the renderer', () => {
  it('image:openPath takes no path, so a missing file and a non-image answer the same', async () => {
    const missing = await handleRequest(services, 'image:openPath', { path: join(root, 'none.png') });
    const text = await handleRequest(services, 'image:openPath', { path: join(root, 'notes.txt') });
    const image = await handleRequest(services, 'image:openPath', {
      path: join(root, 'Pictures', 'photo.png'),
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'ipc/bad-request' } });
    // Nothing about the file reaches the answer: same code, same words, whatever the path names.
    const words = (r: typeof missing) => (r.ok ? '' : r.error.message.replaceAll(/"[^"]*"/g, ''));
    expect(words(text)).toBe(words(missing));
    expect(words(image)).toBe(words(missing));
    const forged = await failure(call('image:openPath', { handle: `fh_${'x'.repeat(32)}` }));
    expect(forged.code).toBe('files/unknown-handle');
  });

  it('project:*, export:* and models:install refuse paths', async () => {
    const p = join(root, 'a.levitor');
    for (const [channel, payload] of [
      ['project:new', { imagePath: join(root, 'Pictures', 'photo.png') }],
      ['project:open', { path: p }],
      ['project:saveAs', { path: p }],
      ['export:take', { exportId: 'e', takeId: 't', format: 'mp4', scale: 1, outPath: join(root, 'a.mp4') }],
      ['models:install', { path: root, jobId: 'j' }],
    ] as const)
      expect((await failure(call(channel, payload))).code).toBe('ipc/bad-request');
  });

  it('a handle works only on its connection and for its purpose', async () => {
    const listed = await call('files:list', { purpose: 'open-image', dir: join(root, 'Pictures') });
    expect(listed['entries']).toEqual(
      [
        { name: 'escape', kind: 'dir' }, // a link, but it leads out of the root...
        { name: 'trip', kind: 'dir' },
        expect.objectContaining({ name: 'photo.png', kind: 'file', bytes: expect.any(Number) }),
      ].filter((e) => (e as { name: string }).name !== 'escape'),
    ); // ...so it is not listed
    const picked = await call('files:choose', {
      purpose: 'open-image',
      dir: join(root, 'Pictures'),
      name: 'photo.png',
    });
    const handle = picked['handle'] as string;
    expect(handle).toMatch(/^fh_/);
    expect(await call('image:openPath', { handle })).toMatchObject({ width: 6, height: 4 });
    // Another socket (another tab, the page after a reload), another purpose: the one refusal.
    expect((await failure(call('image:openPath', { handle }, 'socket:b'))).code).toBe('files/unknown-handle');
    expect((await failure(call('project:open', { handle }))).code).toBe('files/unknown-handle');
  });

  it('the in-app picker stays in plain folders under its roots', async () => {
    const outside = (e: { code: string }) => expect(e.code).toBe('files/outside');
    outside(await failure(call('files:list', { purpose: 'open-project', dir: join(root, '.ssh') })));
    outside(await failure(call('files:list', { purpose: 'open-project', dir: join(root, '..', 'outside') })));
    outside(
      await failure(call('files:list', { purpose: 'open-project', dir: join(root, 'Pictures', 'escape') })),
    );
    outside(await failure(call('files:list', { purpose: 'open-project', dir: '/etc' })));
    const top = await call('files:list', { purpose: 'open-project', dir: root });
    expect(top['parent']).toBeNull();
    expect((top['entries'] as { name: string }[]).map((e) => e.name)).toEqual(['Pictures', 'studio-data']);
    // A hidden name, a name with a separator, '..': no handle.
    for (const name of ['.ssh', '../outside', '..', 'a/b'])
      expect((await failure(call('files:choose', { purpose: 'save-project', dir: root, name }))).code).toBe(
        'files/bad-name',
      );
    expect(
      (
        await failure(
          call('files:choose', {
            purpose: 'open-project',
            dir: join(root, 'Pictures', 'escape'),
            name: 'x.levitor',
          }),
        )
      ).code,
    ).toBe('files/outside');
    // Nothing is written into the studio's own data folder.
    expect(
      (await failure(call('files:choose', { purpose: 'save-project', dir: data, name: 'p' }))).code,
    ).toBe('files/studio-folder');
  });

  it('Save As and Open go by the handles the picker issued; the recent list issues its own', async () => {
    await call('project:new', {
      image: (
        await call('files:choose', { purpose: 'open-image', dir: join(root, 'Pictures'), name: 'photo.png' })
      )['handle'],
    });
    const trip = join(root, 'Pictures', 'trip');
    const target = await call('files:choose', { purpose: 'save-project', dir: trip, name: 'photo' });
    expect(target['path']).toBe(join(trip, 'photo.levitor'));
    await call('project:saveAs', { handle: target['handle'] });
    expect(await readdir(trip)).toContain('photo.levitor');
    // The save handle does not open; the picker's open handle and the recent list's do.
    expect((await failure(call('project:open', { handle: target['handle'] }))).code).toBe(
      'files/unknown-handle',
    );
    const [recent] = (await call('project:recent', {})) as unknown as { path: string; handle: string }[];
    expect(recent?.path).toBe(join(trip, 'photo.levitor'));
    expect(await call('project:open', { handle: recent?.handle })).toMatchObject({ path: recent?.path });
    const places = await call('files:places', { purpose: 'save-project' });
    expect(places['start']).toBe(trip); // where the last save went
    expect(places['places']).toContainEqual({ label: 'Recent: trip', path: trip });
  });

  it('in Electron the picker channels are refused: only the native dialog issues handles', async () => {
    const electron = createStudioServices({
      host: 'electron',
      version: 'test',
      assetUrl: (id) => id,
      emit: () => undefined,
      modelsDir: join(data, 'models2'),
      settingsDir: data,
      autosaveMs: 0,
      nativeDialog: async () => null,
      fileRoots: [root],
    });
    try {
      for (const [channel, payload] of [
        ['files:list', { purpose: 'open-image', dir: root }],
        ['files:choose', { purpose: 'open-image', dir: join(root, 'Pictures'), name: 'photo.png' }],
      ] as const) {
        const r = await handleRequest(electron, channel, payload, 'window:1');
        expect(r).toMatchObject({ ok: false, error: { code: 'files/unavailable' } });
      }
      expect(await handleRequest(electron, 'files:pick', { purpose: 'open-image' }, 'window:1')).toEqual({
        ok: true,
        result: { kind: 'cancelled' },
      });
    } finally {
      await electron.dispose();
    }
  });
});

describe('project:new from an image file: the image rules and regular files only', () => {
  const svc = () => new ProjectService({ settingsDir: join(data, 's'), recoveryDir: join(data, 'r') });

  it('refuses devices, FIFOs and folders at once (bounded, never a hang)', async () => {
    const fifo = join(root, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    const s = svc();
    const t0 = Date.now();
    for (const path of ['/dev/zero', fifo, join(root, 'Pictures')])
      await expect(s.newFromImage(path)).rejects.toMatchObject({ code: expect.stringMatching(/^image\//) });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(s.data).toBeNull();
    s.dispose();
  });

  it('refuses SVG, GIF and images beyond the size limits, like opening an image', async () => {
    const dir = join(root, 'bad');
    await mkdir(dir);
    await writeFile(join(dir, 'a.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
    await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .gif()
      .toFile(join(dir, 'a.gif'));
    await sharp({ create: { width: 20000, height: 1, channels: 3, background: '#000' } })
      .png()
      .toFile(join(dir, 'wide.png'));
    const s = svc();
    await expect(s.newFromImage(join(dir, 'a.svg'))).rejects.toMatchObject({
      code: 'image/unsupported-format',
    });
    await expect(s.newFromImage(join(dir, 'a.gif'))).rejects.toMatchObject({
      code: 'image/unsupported-format',
    });
    await expect(s.newFromImage(join(dir, 'wide.png'))).rejects.toMatchObject({ code: 'image/too-large' });
    expect(s.data).toBeNull();
    s.dispose();
  });
});

describe('recovery never offers what the user discarded', () => {
  it('replacing an autosaved project (the user said discard) drops its recovery copy; an old crash copy stays', async () => {
    const s = new ProjectService({ settingsDir: join(data, 'd'), recoveryDir: join(data, 'd', 'recovery') });
    const img = join(root, 'Pictures', 'photo.png');
    await s.newFromImage(img, 'first');
    expect(await s.autosaveNow()).toBe(true);
    expect((await s.recovery.list()).map((e) => e.name)).toEqual(['first']);
    await s.newFromImage(img, 'second');
    expect(await s.recovery.list()).toEqual([]);
    // Closing without saving (the user chose it) leaves nothing either.
    expect(await s.autosaveNow()).toBe(true);
    await s.discardUnsaved();
    expect(await s.recovery.list()).toEqual([]);
    // A copy left by an earlier session (never shown to the user) is not touched by opening something else.
    const crashed = new ProjectService({
      settingsDir: join(data, 'd'),
      recoveryDir: join(data, 'd', 'recovery'),
    });
    await crashed.newFromImage(img, 'crashed');
    await crashed.autosaveNow();
    await s.newFromImage(img, 'third');
    expect((await s.recovery.list()).map((e) => e.name)).toEqual(['crashed']);
    s.dispose();
    crashed.dispose();
  });
});
