import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesService } from '../../src-main/services/files';
import { ProjectService, createProjectHandlers, writeArchive } from '../../src-main/services/projects';
import { StudioError } from '../../src-shared/ipc/contract';
import { UploadStore, createUploadHandlers } from '../../src-main/services/uploads';
import { UPLOAD_BLOB, UPLOAD_PIECE_BYTES } from '../../src-shared/ipc/upload';
import { ProjectSnapshot, projectChannels } from '../../src-shared/project/ipc';
import { makeProject } from './projectFixture';

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

const files = new FilesService();
const grant = (path: string) => files.grant(path, 'save-project').handle;

function setup() {
  const svc = new ProjectService({ settingsDir: join(dir, 's'), recoveryDir: join(dir, 'r') });
  const assets = new Map<string, Uint8Array>();
  const uploads = new UploadStore();
  const h = createProjectHandlers(svc, {
    uploads,
    registerImage: (bytes) => {
      const imageId = `img${assets.size}`;
      assets.set(imageId, bytes);
      return { imageId, url: `/asset/t/image/${imageId}` };
    },
    imageBytes: (id) => assets.get(id),
    samplePath: SAMPLE,
    files,
  });
  return { svc, assets, h, u: createUploadHandlers(uploads), uploads };
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
    await h['project:saveAs']({ handle: grant(join(dir, 'red.levitor')), edit: { doc } });
    expect(svc.data?.entries.has('takes/t1/frame_000.png')).toBe(false);
    svc.dispose();
  });

  it('takes large entries sent ahead in pieces, and refuses pieces out of order or missing', async () => {
    const { h, u, svc, uploads } = setup();
    // Depth maps are the image's size: a 1536 x 1024 project.
    const [W, H] = [1536, 1024];
    const bigPath = join(dir, 'big.levitor');
    await writeFile(bigPath, writeArchive(await makeProject({ width: W, height: H })));
    const snap = ProjectSnapshot.parse(
      await h['project:open']({ handle: files.grant(bigPath, 'open-project').handle }),
    );
    // 1536 x 1024 edited depth maps: 6 MiB, so pieces of UPLOAD_PIECE_BYTES and a shorter last one.
    const depthBytes = (seed: number) =>
      new Uint8Array(Float32Array.from({ length: W * H }, (_, i) => 0.1 + ((i + seed) % 1009) / 2000).buffer);
    const piecesOf = (bytes: Uint8Array) =>
      Array.from({ length: Math.ceil(bytes.length / UPLOAD_PIECE_BYTES) }, (_, i) =>
        bytes.subarray(i * UPLOAD_PIECE_BYTES, (i + 1) * UPLOAD_PIECE_BYTES),
      );
    const bytes = depthBytes(0);
    const pieces = piecesOf(bytes);
    const name = 'depth/edited.f32';
    const doc = {
      ...snap.doc,
      depth: { ...snap.doc.depth, edited: { entry: name, width: W, height: H } },
    };
    const stage = (upload: string, part: number, piece = pieces[part]!) =>
      u['upload:piece']({ upload, name, part, parts: pieces.length, bytes: piece });
    const staged = (push: string) => ({ push, names: [name] });
    const refused = (code: string) => (e: unknown) => e instanceof StudioError && e.code === code;

    // Out of order, a short middle piece, an edit naming what never arrived: refused, project untouched.
    await expect(stage('a', 1)).rejects.toSatisfy(refused('upload/out-of-order'));
    await expect(stage('a', 0, pieces[0]!.subarray(4))).rejects.toSatisfy(refused('upload/bad-piece'));
    await stage('a', 0);
    await expect(h['project:update']({ edit: { doc, staged: staged('a') }, dirty: true })).rejects.toSatisfy(
      refused('upload/incomplete'),
    );
    expect(svc.data?.entries.has(name)).toBe(false);
    expect(svc.data?.doc.depth.edited).toBeNull();
    // What the refused edit left staged is gone: the pieces must be sent again.
    await expect(stage('a', 1)).rejects.toSatisfy(refused('upload/out-of-order'));
    await expect(
      u['upload:piece']({ upload: 'a', name, part: 2, parts: 2, bytes: new Uint8Array() }),
    ).rejects.toThrow();
    // Bytes only: base64 text (the old form) is refused by the schema.
    await expect(u['upload:piece']({ upload: 'a', name, part: 0, parts: 1, bytes: 'AAAA' })).rejects.toThrow(
      /expected bytes/,
    );

    expect(await stage('b', 0)).toEqual({ held: UPLOAD_PIECE_BYTES });
    for (let i = 1; i < pieces.length; i++)
      expect(await stage('b', i)).toEqual({ held: Math.min(bytes.length, (i + 1) * UPLOAD_PIECE_BYTES) });
    await h['project:update']({ edit: { doc, staged: staged('b') }, dirty: true });
    expect(Buffer.from(svc.data!.entries.get(name)!).equals(bytes)).toBe(true);
    expect(uploads.bytes).toBe(0);

    // Two windows pushing the same entry at once, pieces interleaved: each edit gets its own bytes.
    const other = depthBytes(500);
    const otherPieces = piecesOf(other);
    for (let i = 0; i < pieces.length; i++) {
      await stage('c', i);
      await stage('d', i, otherPieces[i]);
    }
    await h['project:update']({ edit: { doc, staged: staged('d') }, dirty: true });
    expect(Buffer.from(svc.data!.entries.get(name)!).equals(other)).toBe(true);

    // A save with staged entries writes them; the file opens with the same map.
    const path = join(dir, 'staged.levitor');
    await h['project:saveAs']({ handle: grant(path), edit: { doc, staged: staged('c') } });
    const reader = new ProjectService({ settingsDir: join(dir, 's2'), recoveryDir: join(dir, 'r2') });
    const back = await reader.open(path);
    expect(Buffer.from(back.entries.get(name)!).equals(bytes)).toBe(true);
    reader.dispose();
    svc.dispose();
  });

  it('opens a file by its bytes and refuses corrupt bytes with a project/<code> error', async () => {
    const { h, u, svc } = setup();
    const bytes = await readFile(SAMPLE);
    const snap = ProjectSnapshot.parse(await h['project:openBytes']({ name: 'coffee.levitor', bytes }));
    expect(snap.doc.name).toBe('Coffee cup (sample)');
    // The same file sent ahead (upload:piece), as the page sends one over a piece; then the upload is gone.
    await u['upload:piece']({ upload: 'f1', name: UPLOAD_BLOB, part: 0, parts: 1, bytes });
    const byUpload = ProjectSnapshot.parse(await h['project:openBytes']({ name: 'c.levitor', upload: 'f1' }));
    expect([byUpload.doc.name, byUpload.doc.objects]).toEqual([snap.doc.name, snap.doc.objects]);
    await expect(h['project:openBytes']({ name: 'c.levitor', upload: 'f1' })).rejects.toSatisfy(
      (e: unknown) => e instanceof StudioError && e.code === 'upload/incomplete',
    );
    await expect(h['project:openBytes']({ name: 'c.levitor', bytes, upload: 'f1' })).rejects.toThrow(
      /either bytes or upload/,
    );
    const broken = Buffer.from(bytes);
    broken.fill(7, 2000, 6000);
    await expect(h['project:openBytes']({ name: 'x.levitor', bytes: broken })).rejects.toSatisfy(
      (e: unknown) => e instanceof StudioError && e.code.startsWith('project/'),
    );
    // Not a zip at all: one sentence and what to do; the library's words only after the line break
    // (the studio shows them behind Details), and the kind of problem is said once (by the title).
    const garbage = await h['project:openBytes']({
      name: 'y.levitor',
      bytes: Buffer.from('PK\x03\x04garbage', 'latin1'),
    }).catch((e: unknown) => e as StudioError);
    expect(garbage).toMatchObject({ code: 'project/not-archive' });
    const [sentence, technical] = (garbage as StudioError).message.split('\n');
    expect(sentence).toBe(
      'The file is not a readable archive. The file is damaged or incomplete; open its .bak copy if there is one.',
    );
    expect(technical).toMatch(/central directory/i);
    // The project that was open is still the current one.
    expect(svc.state.doc?.name).toBe('Coffee cup (sample)');
    await expect(h['project:newFromImage']({ imageId: 'gone' })).rejects.toSatisfy(
      (e: unknown) => e instanceof StudioError && e.code === 'project/not-found',
    );
  });
});
