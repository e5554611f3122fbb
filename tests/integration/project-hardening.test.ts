import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserServer } from '../../src-main/hosts/browserServer';
import type { StudioServices } from '../../src-main/services';
import { exportFrames } from '../../src-main/services/export';
import { FilesService } from '../../src-main/services/files';
import {
  ProjectService,
  createProjectHandlers,
  writeArchive,
  type ProjectData,
} from '../../src-main/services/projects';
import { SceneFormatError, loadScene } from '../../src-main/services/scene/loadScene';
import sharp from 'sharp';
import { ProjectError, newProjectDocument } from '../../src-shared/project';
import { makeProject } from './projectFixture';

let dir: string;
let good: ProjectData;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-hard-'));
  good = await makeProject();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Files reach the project channels by the handles main issues after a dialog (services/files). */
const files = new FilesService();
const chosen = (path: string, purpose: 'open-project' | 'save-project') => files.grant(path, purpose).handle;

const service = (name: string): ProjectService =>
  new ProjectService({ settingsDir: join(dir, name, 's'), recoveryDir: join(dir, name, 'r') });

describe('saves', () => {
  it('eight saves at once: the last accepted edit ends on disk, clean, no temp or .tmp.bak left', async () => {
    const svc = service('eight');
    const h = createProjectHandlers(svc, { files });
    svc.update(good);
    const path = join(dir, 'eight.levitor');
    await svc.saveAs(path);
    const edits = Array.from({ length: 8 }, (_, i) => ({ ...good.doc, name: `edit ${i}` }));
    await Promise.all(
      edits.map((doc) => h['project:saveAs']({ handle: chosen(path, 'save-project'), edit: { doc } })),
    );
    const back = await service('eight-reader').open(path);
    expect(back.doc.name).toBe('edit 7');
    expect(svc.state).toMatchObject({ path, dirty: false });
    expect((await readdir(dir)).filter((n) => n.startsWith('.eight.levitor'))).toEqual([]);
    expect((await readdir(dir)).filter((n) => n.startsWith('eight.levitor'))).toEqual([
      'eight.levitor',
      'eight.levitor.bak',
    ]);
    // An edit accepted while a save is being written keeps the project dirty.
    const saving = h['project:save']({ edit: { doc: { ...good.doc, name: 'saved' } } });
    await h['project:update']({ edit: { doc: { ...good.doc, name: 'newer' } }, dirty: true });
    await saving;
    expect(svc.state.dirty).toBe(true);
    svc.dispose();
  });

  it('refuses to replace a read-only project file, saying so', async () => {
    const svc = service('ro');
    svc.update(good);
    const path = join(dir, 'ro.levitor');
    await svc.saveAs(path);
    await chmod(path, 0o444);
    const before = await readFile(path);
    svc.update({ ...good, doc: { ...good.doc, name: 'changed' } });
    const err = await svc.save().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectError);
    expect((err as ProjectError).message).toMatch(/ro\.levitor is read-only; it was not replaced/);
    expect((err as ProjectError).hint).toMatch(/another name/);
    expect((await readFile(path)).equals(before)).toBe(true);
    expect(svc.state.dirty).toBe(true);
    svc.dispose();
  });
});

describe('open', () => {
  it('a reply that cannot be built leaves the open project, its path and the next save where they were', async () => {
    const svc = service('swap');
    let fail = false;
    const h = createProjectHandlers(svc, {
      registerImage: () => {
        if (fail) throw new Error('asset store full');
        return { imageId: 'i', url: '/asset/x/image/i' };
      },
      files,
    });
    const a = join(dir, 'a.levitor');
    const b = join(dir, 'b.levitor');
    await writeFile(a, writeArchive(good));
    await writeFile(b, writeArchive({ ...good, doc: { ...good.doc, name: 'other' } }));
    await h['project:open']({ handle: chosen(a, 'open-project') });
    fail = true;
    await expect(h['project:open']({ handle: chosen(b, 'open-project') })).rejects.toThrow(
      /asset store full/,
    );
    expect(svc.state.path).toBe(a);
    expect(svc.data?.doc.name).toBe('fixture');
    const bBefore = await readFile(b);
    await h['project:save']({ edit: { doc: { ...good.doc, name: 'edited a' } } });
    expect((await readFile(b)).equals(bBefore)).toBe(true);
    expect((await service('swap-reader').open(a)).doc.name).toBe('edited a');
    svc.dispose();
  });

  it('an entry named thousands of times is decoded once (opens at once, not in hours)', async () => {
    // 4096 auto segments naming one 2048 x 2048 mask: 4096 decodes took a minute before.
    const solid = (channels: 1 | 3) =>
      sharp({ create: { width: 2048, height: 2048, channels: 3, background: '#406080' } })
        .toColourspace(channels === 1 ? 'b-w' : 'srgb')
        .png()
        .toBuffer();
    const doc = newProjectDocument('amplified', { entry: 'image.png', width: 2048, height: 2048 });
    doc.autoSegments = Array.from({ length: 4096 }, () => 'masks/auto.png');
    const big: ProjectData = {
      doc,
      entries: new Map([
        ['image.png', new Uint8Array(await solid(3))],
        ['masks/auto.png', new Uint8Array(await solid(1))],
      ]),
    };
    const path = join(dir, 'amplified.levitor');
    await writeFile(path, writeArchive(big));
    const opened = await service('amp').open(path);
    expect(opened.doc.autoSegments).toHaveLength(4096);
  }, 20_000);
});

describe('edits from the renderer', () => {
  it('refuses entry names that escape, so the studio never writes a file it then refuses', async () => {
    const svc = service('names');
    const h = createProjectHandlers(svc);
    svc.update(good);
    const path = join(dir, 'names.levitor');
    await svc.saveAs(path);
    for (const name of ['takes/x/../../..', '../evil.png', '/abs.png', 'takes/t1//frame.png', 'a\\b.png'])
      await expect(
        h['project:update']({ edit: { doc: good.doc, entries: { [name]: 'AAAA' } }, dirty: true }),
        name,
      ).rejects.toThrow();
    await h['project:save']({});
    await expect(service('names-reader').open(path)).resolves.toBeDefined();
    svc.dispose();
  });
});

describe('export', () => {
  it('never deletes a folder whose name ends in .mp4/.webm/.gif', async () => {
    for (const format of ['mp4', 'webm', 'gif'] as const) {
      const out = join(dir, `folder.${format}`);
      await mkdir(out, { recursive: true });
      await writeFile(join(out, 'keep.txt'), 'mine');
      const rgb = new Uint8Array(16 * 16 * 3).fill(100);
      await expect(
        exportFrames({
          format,
          width: 16,
          height: 16,
          fps: 6,
          scale: 1,
          frameCount: 2,
          outPath: out,
          readFrame: async () => rgb,
        }),
      ).rejects.toThrow(/already exists and is a folder/);
      expect(await readFile(join(out, 'keep.txt'), 'utf8')).toBe('mine');
      expect((await readdir(dir)).filter((n) => n.startsWith(`.folder.${format}`))).toEqual([]);
    }
  });
});

describe('levitor control scene loading', () => {
  it('refuses a gzipped depth map that inflates past the scene size, without inflating it', async () => {
    const scene = join(dir, 'scene');
    await mkdir(scene, { recursive: true });
    await writeFile(join(scene, 'depth.f32.gz'), gzipSync(Buffer.alloc(64 << 20), { level: 9 }));
    await writeFile(
      join(scene, 'scene.json'),
      JSON.stringify({
        format: 'levitor-scene',
        version: 1,
        width: 8,
        height: 8,
        frames: 2,
        depth: { file: 'depth.f32.gz', kind: 'z0' },
        objects: [],
        autoMasks: [],
      }),
    );
    const err = await loadScene(join(scene, 'scene.json')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SceneFormatError);
    expect((err as Error).message).toMatch(/holds more than the 256 bytes the scene's size allows/);
  });
});

describe('browser host', () => {
  it('answers a request whose reply cannot be encoded with an error, and keeps serving', async () => {
    let calls = 0;
    const services = {
      extraHandlers: {
        // A result JSON cannot encode stands for one past V8's string limit (the same throw).
        'project:recent': async () => (++calls === 1 ? { n: 1n } : []),
      },
    } as unknown as StudioServices;
    const server = await startBrowserServer({ rendererDir: dir, services: () => services });
    const ws = await new Promise<WebSocket>((res, rej) => {
      const w = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
        origin: `http://127.0.0.1:${server.port}`,
      });
      w.once('open', () => res(w));
      w.once('error', rej);
    });
    const call = (id: number): Promise<Record<string, unknown>> =>
      new Promise((res) => {
        ws.once('message', (d) => res(JSON.parse(d.toString()) as Record<string, unknown>));
        ws.send(JSON.stringify({ kind: 'request', id, channel: 'project:recent', payload: {} }));
      });
    expect(await call(1)).toMatchObject({
      id: 1,
      ok: false,
      error: { code: 'ipc/reply-too-large', message: expect.stringMatching(/too large to send/) },
    });
    expect(await call(2)).toMatchObject({ id: 2, ok: true, result: [] });
    ws.close();
    await server.close();
  });

  it('answers a request line whose URL does not parse with 400 (it ended the host), and keeps serving', async () => {
    const server = await startBrowserServer({ rendererDir: dir, services: () => ({}) as StudioServices });
    const raw = (text: string): Promise<string> =>
      new Promise((res, rej) => {
        const sock = connect(server.port, '127.0.0.1', () => sock.write(text));
        let got = '';
        sock.on('data', (b) => void (got += b.toString()));
        sock.on('end', () => res(got));
        sock.on('error', rej);
      });
    expect(await raw('GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(
      await raw('GET //[ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'),
    ).toMatch(/^HTTP\/1\.1 403/);
    expect(await raw('GET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 404/,
    );
    await server.close();
  });
});
