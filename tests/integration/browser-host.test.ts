import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserServer, type BrowserServer } from '../../src-main/hosts/browserServer';
import { encodeFrame } from '../../src-shared/ipc/wireBinary';
import { forkLauncher, InferenceClient } from '../../src-main/inference/client';
import { createStudioServices, type StudioServices } from '../../src-main/services';

const ENTRY = resolve(import.meta.dirname, '../../out/main/inferenceHost.js');
const RENDERER = resolve(import.meta.dirname, '../../out/renderer');

function connect(
  server: BrowserServer,
  token = server.token,
  origin = `http://127.0.0.1:${server.port}`,
): Promise<WebSocket> {
  return new Promise((res, rej) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`, { origin });
    ws.once('open', () => res(ws));
    ws.once('error', rej);
  });
}

function call(ws: WebSocket, frame: unknown): Promise<Record<string, unknown>> {
  return new Promise((res) => {
    ws.once('message', (d) => res(JSON.parse(d.toString()) as Record<string, unknown>));
    // Typed arrays (file bytes) go as one binary message, as the page's wire client sends them.
    ws.send(typeof frame === 'string' ? frame : encodeFrame(frame));
  });
}

describe('browser host: same services over a token-protected loopback WebSocket', () => {
  let server: BrowserServer;
  let services: StudioServices;
  let ws: WebSocket;
  let modelsDir: string;

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
    modelsDir = mkdtempSync(join(tmpdir(), 'levitor-models-'));
    const inference = new InferenceClient({ launch: forkLauncher(ENTRY, { LEVITOR_SKIP_GPU_PROBE: '1' }) });
    server = await startBrowserServer({ rendererDir: RENDERER, services: () => services });
    services = createStudioServices({
      host: 'browser',
      version: '0.0.0-test',
      assetUrl: (id) => `/asset/${server.token}/image/${id}`,
      inference,
      emit: (c, p) => server.broadcast(c, p),
      modelsDir,
    });
    ws = await connect(server);
  });
  afterAll(async () => {
    ws?.close();
    await services?.dispose();
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('refuses a wrong token and a foreign Origin', async () => {
    await expect(connect(server, 'wrong')).rejects.toThrow(/403/);
    await expect(connect(server, server.token, 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('answers app:getInfo with the providers from the real inference host', async () => {
    const r = await call(ws, { kind: 'request', id: 1, channel: 'app:getInfo', payload: {} });
    expect(r).toMatchObject({ kind: 'response', id: 1, ok: true });
    const info = r['result'] as { host: string; providers: { available: string[] }; models: unknown[] };
    expect(info.host).toBe('browser');
    expect(info.providers.available).toContain('cpu');
    expect(info.models).toEqual([]);
  });

  it('refuses bad payloads and bad frames with error frames, and keeps serving', async () => {
    const bad = await call(ws, {
      kind: 'request',
      id: 2,
      channel: 'image:importBytes',
      payload: { name: 5 },
    });
    expect(bad).toMatchObject({ id: 2, ok: false, error: { code: 'ipc/bad-request' } });
    const unknown = await call(ws, { kind: 'request', id: 3, channel: 'shell:exec', payload: {} });
    expect(unknown).toMatchObject({ id: 3, ok: false, error: { code: 'ipc/unknown-channel' } });
    const junk = await call(ws, 'not json');
    expect(junk).toMatchObject({ ok: false, error: { code: 'ipc/bad-frame' } });
    const again = await call(ws, { kind: 'request', id: 4, channel: 'image:openDialog', payload: {} });
    expect(again).toMatchObject({ id: 4, ok: true, result: { kind: 'use-file-input' } });
  });

  it('imports an EXIF-rotated JPEG, serves it at its asset URL, and rejects non-images', async () => {
    // 40x20 pixels stored, orientation 6 (rotate 90°): a person sees 20x40.
    const jpeg = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#c03020' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const r = await call(ws, {
      kind: 'request',
      id: 5,
      channel: 'image:importBytes',
      payload: { name: 'a.jpg', bytes: jpeg },
    });
    expect(r).toMatchObject({ ok: true, result: { width: 20, height: 40, format: 'jpeg' } });
    const url = (r['result'] as { url: string }).url;
    const res = await fetch(`http://127.0.0.1:${server.port}${url}`);
    expect(res.status).toBe(200);
    const served = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([served.width, served.height]).toEqual([20, 40]);
    expect((await fetch(`http://127.0.0.1:${server.port}${url.replace(server.token, 'x')}`)).status).toBe(
      404,
    );
    const notImage = await call(ws, {
      kind: 'request',
      id: 6,
      channel: 'image:importBytes',
      payload: { name: 'n.png', bytes: Buffer.from('hello') },
    });
    expect(notImage).toMatchObject({ ok: false, error: { code: 'image/not-an-image' } });
    expect((notImage['error'] as { message: string }).message).toMatch(/PNG, JPEG or WebP/);
  });

  it('opens an 8192 px image and refuses one over 16384 px a side', async () => {
    const big = await sharp({ create: { width: 8192, height: 64, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const ok = await call(ws, {
      kind: 'request',
      id: 7,
      channel: 'image:importBytes',
      payload: { name: 'wide.png', bytes: big },
    });
    expect(ok).toMatchObject({ ok: true, result: { width: 8192, height: 64 } });
    const huge = await sharp({ create: { width: 16385, height: 2, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const no = await call(ws, {
      kind: 'request',
      id: 8,
      channel: 'image:importBytes',
      payload: { name: 'huge.png', bytes: huge },
    });
    expect(no).toMatchObject({ ok: false, error: { code: 'image/too-large' } });
  });

  it('a page cannot make the host fetch from this computer: models:download of its own address is refused', async () => {
    // The browser host itself listens on 127.0.0.1: a page asking main to fetch it (or any local
    // service) gets a refusal that says why, and nothing is written in the models folder.
    const r = await call(ws, {
      kind: 'request',
      id: 20,
      channel: 'models:download',
      payload: { source: `http://127.0.0.1:${server.port}/?token=${server.token}`, jobId: 'probe' },
    });
    expect(r).toMatchObject({ id: 20, ok: false, error: { code: 'models/refused-address' } });
    expect(JSON.stringify(r)).not.toContain(server.token);
    expect(
      existsSync(join(modelsDir, '.downloads')) ? readdirSync(join(modelsDir, '.downloads')) : [],
    ).toEqual([]);
  });

  it('serves the page with the CSP header', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });
});
