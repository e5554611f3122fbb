import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createStudioServices } from '../services';
import { handleRequest } from './dispatcher';

const modelsDir = mkdtempSync(join(tmpdir(), 'levitor-disp-'));
const services = createStudioServices({
  host: 'electron',
  version: '1.2.3',
  assetUrl: (id) => `studio-asset://image/${id}`,
  emit: () => undefined,
  modelsDir,
});
afterAll(async () => {
  await services.dispose();
  rmSync(modelsDir, { recursive: true, force: true });
});

describe('handleRequest', () => {
  it('parses before dispatch and never throws on bad input', async () => {
    expect(await handleRequest(services, 'image:openPath', { path: 42 })).toMatchObject({
      ok: false,
      error: { code: 'ipc/bad-request' },
    });
    expect(await handleRequest(services, 'image:openPath', { path: '/x', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'ipc/bad-request' },
    });
    expect(await handleRequest(services, '__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'ipc/unknown-channel' },
    });
    expect(await handleRequest(services, 'jobs:cancel', { jobId: 'nope' })).toEqual({
      ok: true,
      result: { cancelled: false },
    });
  });

  it('opens a chosen PNG by its handle and reports a chosen file gone since with advice', async () => {
    const path = join(modelsDir, 'p.png');
    await sharp({ create: { width: 3, height: 2, channels: 4, background: '#fff' } })
      .png()
      .toFile(path);
    const handle = services.files.grant(path, 'open-image').handle;
    const r = await handleRequest(services, 'image:openPath', { handle });
    expect(r).toMatchObject({ ok: true, result: { width: 3, height: 2, format: 'png', name: 'p.png' } });
    const url = (r as { result: { url: string; imageId: string } }).result;
    expect(url.url).toBe(`studio-asset://image/${url.imageId}`);
    const gone = services.files.grant(join(modelsDir, 'none.png'), 'open-image').handle;
    const missing = await handleRequest(services, 'image:openPath', { handle: gone });
    expect(missing).toMatchObject({ ok: false, error: { code: 'files/not-found' } });
  });

  it('refuses formats other than PNG/JPEG/WebP by name', async () => {
    const gif = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    const r = await handleRequest(services, 'image:importBytes', {
      name: 'a.gif',
      bytes: new Uint8Array(gif),
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'image/unsupported-format' } });
  });

  it('answers getInfo without an inference host in-process', async () => {
    const r = await handleRequest(services, 'app:getInfo', {});
    expect(r).toMatchObject({ ok: true, result: { version: '1.2.3', host: 'electron', models: [] } });
  });
});
