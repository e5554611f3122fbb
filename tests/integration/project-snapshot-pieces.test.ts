import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer } from '../../src-main/hosts/browserServer';
import type { StudioServices } from '../../src-main/services';
import { FilesService } from '../../src-main/services/files';
import {
  ProjectService,
  createProjectHandlers,
  writeArchive,
  type ProjectData,
} from '../../src-main/services/projects';
import { UploadStore, createUploadHandlers } from '../../src-main/services/uploads';
import { UPLOAD_PIECE_BYTES } from '../../src-shared/ipc/upload';
import { SNAPSHOT_PIECE_BYTES, type ProjectSnapshot } from '../../src-shared/project/ipc';
import { completeSnapshot } from '../../src-renderer/project/snapshotPieces';
import { makeProject } from './projectFixture';
import { connectHost } from './support/hostSocket';
import { uploadBlob } from './support/upload';

// A project whose two depth maps are larger than one piece: the open reply carries the small entries and
// lists the large ones, which the window fetches piece by piece (project:snapshotPiece). Before, every
// entry went as base64 in one JSON reply, refused past ~400M characters (and it killed the host when a
// reply could not be encoded).
let dir: string;
let big: ProjectData;
let bigBytes: Uint8Array;
const DW = 1600; // 1600 x 1400 float32 = 8.96 MB, two pieces each
const DH = 1400;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-pieces-'));
  big = await makeProject({ width: 800, height: 700, frames: 1 });
  const depth = (k: number): Uint8Array =>
    new Uint8Array(Float32Array.from({ length: DW * DH }, (_, i) => 0.2 + ((i * k) % 9973) / 9973).buffer);
  big.entries.set('depth/original.f32', depth(7));
  big.entries.set('depth/edited.f32', depth(13));
  big.doc.depth.original = { entry: 'depth/original.f32', kind: 'z0', width: DW, height: DH };
  big.doc.depth.edited = { entry: 'depth/edited.f32', width: DW, height: DH };
  bigBytes = writeArchive(big);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const service = (name: string): ProjectService =>
  new ProjectService({ settingsDir: join(dir, name, 's'), recoveryDir: join(dir, name, 'r') });

const same = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  !!a && !!b && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

describe('project snapshots in pieces', () => {
  it('lists entries larger than a piece, serves them piece by piece bit-exact, then lets them go', async () => {
    const files = new FilesService();
    const svc = service('handlers');
    const h = createProjectHandlers(svc, { files });
    const path = join(dir, 'big.levitor');
    await writeFile(path, bigBytes);
    const snap = (await h['project:open']({
      handle: files.grant(path, 'open-project').handle,
    })) as ProjectSnapshot;
    expect(Object.keys(snap.entries).sort()).toEqual([
      'image.png',
      'masks/auto000.png',
      'masks/obj1.png',
      'masks/obj2.png',
    ]);
    expect(snap.pieces?.entries).toEqual([
      { name: 'depth/original.f32', bytes: DW * DH * 4 },
      { name: 'depth/edited.f32', bytes: DW * DH * 4 },
    ]);
    const sizes: number[] = [];
    const full = await completeSnapshot(snap, async (r) => {
      const piece = (await h['project:snapshotPiece'](r)) as { bytes: Uint8Array };
      // Its own buffer: a structured clone (Electron) carries a view's whole backing buffer.
      expect(piece.bytes.buffer.byteLength).toBe(piece.bytes.byteLength);
      sizes.push(piece.bytes.byteLength);
      return piece;
    });
    const pair = [SNAPSHOT_PIECE_BYTES, DW * DH * 4 - SNAPSHOT_PIECE_BYTES];
    expect(sizes).toEqual([...pair, ...pair]);
    for (const name of ['depth/original.f32', 'depth/edited.f32', 'masks/obj1.png'])
      expect(same(full.entries[name], big.entries.get(name)), name).toBe(true);
    expect(full.pieces).toBeUndefined();
    // Every piece fetched: main holds nothing more for this snapshot.
    await expect(
      h['project:snapshotPiece']({ id: snap.pieces?.id, name: 'depth/original.f32', part: 0 }),
    ).rejects.toThrow(/no longer waiting to be loaded/);
    svc.dispose();
  }, 60_000);

  it('through the browser host: no message grows with the project, the pieces arrive as binary, the host keeps serving', async () => {
    const svc = service('host');
    const uploads = new UploadStore();
    const services = {
      extraHandlers: { ...createProjectHandlers(svc, { uploads }), ...createUploadHandlers(uploads) },
    } as unknown as StudioServices;
    const server = await startBrowserServer({ rendererDir: dir, services: () => services });
    const ws = await connectHost(server.url);
    const call = <T>(channel: string, payload: unknown): Promise<T> => ws.call<T>(channel, payload);
    // The file goes up in pieces (upload:piece), as the page sends a file over one piece.
    expect(bigBytes.length).toBeGreaterThan(UPLOAD_PIECE_BYTES);
    const upload = await uploadBlob(call, bigBytes);
    const snap = (await call('project:openBytes', { name: 'big.levitor', upload })) as ProjectSnapshot;
    expect(ws.sentBinary).toBe(true);
    expect(ws.largestSent).toBeLessThan(UPLOAD_PIECE_BYTES + 4096);
    expect(ws.largestMessage).toBeLessThan(2 << 20); // the reply: the document and four small PNGs
    const full = await completeSnapshot(
      snap,
      (r) => call('project:snapshotPiece', r) as Promise<{ bytes: Uint8Array }>,
    );
    expect(ws.largestMessage).toBeLessThan(SNAPSHOT_PIECE_BYTES + 4096);
    for (const name of ['depth/original.f32', 'depth/edited.f32'])
      expect(same(full.entries[name], big.entries.get(name)), name).toBe(true);
    expect(await call('project:recoverList', {})).toEqual([]);
    ws.close();
    await server.close();
    svc.dispose();
  }, 60_000);
});
