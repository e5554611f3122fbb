import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  MAX_REQUEST_BYTES,
  startBrowserServer,
  type BrowserServer,
} from '../../src-main/hosts/browserServer';
import { createStudioServices, type StudioServices } from '../../src-main/services';
import type { GenerationScene } from '../../src-shared/generation/ipc';
import type { ImportedImage } from '../../src-shared/ipc/contract';
import { UPLOAD_PIECE_BYTES } from '../../src-shared/ipc/upload';
import { squareScene, tinySettings } from './generationFixture';
import { connectHost, type HostSocket } from './support/hostSocket';
import { uploadBlob } from './support/upload';

// Bytes from the page to main over the real browser host socket: binary frames (wireBinary.ts) that arrive
// in main as typed arrays, never base64 text; data larger than a piece goes ahead in pieces (upload:piece),
// so no message the page sends is larger than a piece plus its JSON. Before, a 16384x4096 depth map went as
// ~358M characters of base64 inside one JSON message.
let dir: string;
let server: BrowserServer;
let services: StudioServices;
let ws: HostSocket;
/** What main's handlers were given, by channel: the payload's byte fields as their constructor names. */
const seen: { channel: string; kind: string }[] = [];
/** The blobs main took for requests (what resolveSceneDepth / importBytes / openBytes then read). */
const taken: Uint8Array[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-upload-'));
  server = await startBrowserServer({ rendererDir: dir, services: () => services });
  services = createStudioServices({
    host: 'browser',
    version: '0.0.0-test',
    assetUrl: (id) => `/asset/${server.token}/image/${id}`,
    emit: (c, p) => server.broadcast(c, p),
    modelsDir: join(dir, 'models'),
    settingsDir: join(dir, 'settings'),
    fileRoots: [dir],
  });
  const piece = services.extraHandlers['upload:piece']!;
  services.extraHandlers['upload:piece'] = (p) => {
    seen.push({ channel: 'upload:piece', kind: (p as { bytes: object }).bytes.constructor.name });
    return piece(p);
  };
  const takeBlob = services.uploads.takeBlob.bind(services.uploads);
  services.uploads.takeBlob = (id) => {
    const b = takeBlob(id);
    taken.push(b);
    return b;
  };
  ws = await connectHost(server.url);
});
afterAll(async () => {
  ws?.close();
  await services?.dispose();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.byteLength === b.byteLength &&
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('bytes from the page over the browser host socket', () => {
  it('imports an image inline and one sent ahead in pieces; the pieces arrive as Uint8Arrays', async () => {
    const small = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#2050c0' } })
      .png()
      .toBuffer();
    const a = await ws.call<ImportedImage>('image:importBytes', { name: 'small.png', bytes: small });
    expect(a).toMatchObject({ width: 32, height: 24, format: 'png' });
    // Noise does not compress: a PNG of several pieces.
    const noisy = await sharp({
      create: {
        width: 1400,
        height: 1000,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .png({ compressionLevel: 1 })
      .toBuffer();
    expect(noisy.length).toBeGreaterThan(2 * UPLOAD_PIECE_BYTES);
    const upload = await uploadBlob((c, p) => ws.call(c, p), noisy);
    const b = await ws.call<ImportedImage>('image:importBytes', { name: 'noisy.png', upload });
    expect(b).toMatchObject({ width: 1400, height: 1000 });
    expect(sameBytes(taken.pop()!, noisy)).toBe(true);
    const served = await fetch(`${new URL(server.url).origin}${b.url}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(noisy)).toBe(true);
    expect(seen.length).toBe(Math.ceil(noisy.length / UPLOAD_PIECE_BYTES));
    expect(new Set(seen.map((s) => s.kind))).toEqual(new Set(['Uint8Array']));
    expect(ws.sentBinary).toBe(true);
    expect(ws.largestSent).toBeLessThan(UPLOAD_PIECE_BYTES + 4096);
    expect(services.uploads.bytes).toBe(0);
  });

  it('takes a 16384x4096 depth scene bit-exact in pieces no larger than one, and refuses a wrong length', async () => {
    const [W, H] = [16384, 4096];
    const base = await squareScene((name, bytes) =>
      ws.call<ImportedImage>('image:importBytes', { name, bytes }),
    );
    const depth = new Float32Array(W * H);
    for (let i = 0; i < depth.length; i++) depth[i] = 0.05 + ((i * 2654435761) >>> 8) / 2 ** 24; // all different
    const bytes = new Uint8Array(depth.buffer);
    const before = ws.largestSent;
    const upload = await uploadBlob((c, p) => ws.call(c, p), bytes);
    const scene: GenerationScene = {
      ...base,
      imageWidth: W,
      imageHeight: H,
      objects: [],
      depth: { kind: 'z0', width: W, height: H, upload },
    };
    const { handle: out } = await ws.call<{ handle: string }>('files:choose', {
      purpose: 'export',
      dir,
      name: 'scene',
    });
    const r = await ws.call<{ path: string; frames: number }>('export:controlJson', {
      settings: tinySettings(),
      scene,
      out,
    });
    expect(r.frames).toBe(4);
    expect(JSON.parse(await readFile(r.path, 'utf8'))).toMatchObject({ image: { width: W, height: H } });
    // What main read as the scene's depth is the page's map, bit for bit (then let go: 256 MiB).
    expect(sameBytes(taken.pop()!, bytes)).toBe(true);
    expect(Math.max(before, ws.largestSent)).toBeLessThan(UPLOAD_PIECE_BYTES + 4096);
    expect(services.uploads.bytes).toBe(0);
    // A map of the wrong length is refused in words, and nothing is left held.
    const short = await uploadBlob((c, p) => ws.call(c, p), bytes.subarray(0, 8));
    await expect(
      ws.call('export:controlJson', {
        settings: tinySettings(),
        scene: { ...scene, depth: { ...scene.depth, upload: short } },
        out,
      }),
    ).rejects.toMatchObject({
      code: 'ipc/bad-request',
      message: expect.stringMatching(/has 8 bytes; a 16384x4096 map has 268435456/),
    });
    expect(services.uploads.bytes).toBe(0);
  }, 60_000);

  it('takes mask run lengths as bytes (a Uint32Array in a binary frame), not as JSON numbers', async () => {
    const scene = await squareScene((name, bytes) =>
      ws.call<ImportedImage>('image:importBytes', { name, bytes }),
    );
    const { handle: out } = await ws.call<{ handle: string }>('files:choose', {
      purpose: 'export',
      dir,
      name: 'runs',
    });
    const mask = scene.objects[0]!.mask!;
    expect(mask.runs).toBeInstanceOf(Uint32Array);
    const r = await ws.call<{ frames: number }>('export:controlJson', {
      settings: tinySettings(),
      scene,
      out,
    });
    expect(r.frames).toBe(4);
    const asNumbers = { ...scene.objects[0]!, mask: { ...mask, runs: Array.from(mask.runs) } };
    await expect(
      ws.call('export:controlJson', {
        settings: tinySettings(),
        scene: { ...scene, objects: [asNumbers] },
        out,
      }),
    ).rejects.toMatchObject({ code: 'ipc/bad-request' });
  });

  it('keeps uploads to their socket: another cannot take one by its id, and closing drops what it held', async () => {
    const other = await connectHost(server.url);
    const upload = await uploadBlob((c, p) => other.call(c, p), new Uint8Array(UPLOAD_PIECE_BYTES + 10));
    expect(services.uploads.bytes).toBe(UPLOAD_PIECE_BYTES + 10);
    await expect(ws.call('image:importBytes', { name: 'x.png', upload })).rejects.toMatchObject({
      code: 'upload/incomplete',
    });
    expect(services.uploads.bytes).toBe(UPLOAD_PIECE_BYTES + 10);
    other.close();
    for (let i = 0; i < 100 && services.uploads.bytes > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(services.uploads.bytes).toBe(0);
  });

  it('refuses base64 text where bytes are expected, and closes a socket sending one message over the limit', async () => {
    await expect(
      ws.call('image:importBytes', { name: 'a.png', base64: 'iVBORw0KGgo=' }),
    ).rejects.toMatchObject({
      code: 'ipc/bad-request',
    });
    await expect(
      ws.call('upload:piece', { upload: 'u', name: 'blob', part: 0, parts: 1, bytes: 'iVBORw0KGgo=' }),
    ).rejects.toMatchObject({ code: 'ipc/bad-request', message: expect.stringMatching(/expected bytes/) });
    // The limit's mechanism on a host of its own with a small limit (sending MAX_REQUEST_BYTES costs seconds).
    const small = await startBrowserServer({
      rendererDir: dir,
      services: () => services,
      maxRequestBytes: 1 << 20,
    });
    const u = new URL(small.url);
    const raw = new WebSocket(`ws://${u.host}/ws?token=${small.token}`, { origin: u.origin });
    await new Promise((res) => raw.once('open', res));
    const closed = new Promise<number>((res) => raw.once('close', (code) => res(code)));
    raw.send(new Uint8Array((1 << 20) + 1));
    expect(await closed).toBe(1009); // "message too big", before main buffered it
    await small.close();
    expect(MAX_REQUEST_BYTES).toBeLessThan(768 << 20);
    // The page's own socket is unaffected.
    expect(await ws.call('upload:discard', { upload: 'nothing' })).toEqual({ discarded: false });
  });
});
