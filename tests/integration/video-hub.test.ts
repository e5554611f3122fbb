import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../src-shared/models/catalogue';
import { loadSvdPack } from '../../src-main/inference/models/svd/manifest';
import { ModelService } from '../../src-main/services/models/service';
import { HUB_TEMPLATE, serveHub } from '../support/svdHub';
import { sha256, startServer, type TestServer } from './models-support';

// The levitor-svd-xt catalogue entry end to end against a local server in the hub's URL layout
// (/api/models/<repo>/tree/<rev>/<dir> listings with sizes and hashes, /<repo>/resolve/<rev>/<path>
// files), serving the tiny checkpoints: listing, gated-repo messages, resumable verified downloads,
// then the pack built in place.
const SHAPE = { width: 72, height: 80, frames: 4, decodeChunk: 2 };
const entry = catalogue.find((e) => e.id === 'levitor-svd-xt')!;

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

describe('levitor-svd-xt from a hub-layout server', () => {
  let server: TestServer;
  let root: string;
  const service = (dir: string) =>
    new ModelService({
      modelsDir: join(root, dir),
      hubEndpoint: server.base,
      tokenOrigins: [server.base],
      videoTemplateDir: () => HUB_TEMPLATE,
    });
  beforeAll(async () => {
    server = await startServer();
    root = await mkdtemp(join(tmpdir(), 'video-hub-'));
    await serveHub(server, entry);
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('lists every file with its size and licence, and says the SVD repository is gated', () => {
    const d = entry.download;
    expect(d.kind).toBe('hub-checkpoints');
    if (d.kind !== 'hub-checkpoints') return;
    const svd = d.repos.find((r) => r.repo === 'stabilityai/stable-video-diffusion-img2vid-xt')!;
    expect(svd.gatedAccessPage).toMatch(/^https:\/\/huggingface\.co\/stabilityai\//);
    expect(svd.files.map((f) => f.path)).toContain('unet/diffusion_pytorch_model.fp16.safetensors');
    expect(d.repos.find((r) => r.repo === 'hlwang06/LeviTor')?.licence.spdx).toBe('Apache-2.0');
    for (const r of d.repos) for (const f of r.files) expect(f.approxBytes).toBeGreaterThan(0);
  });

  it('names the missing step of a gated repository before downloading anything', async () => {
    const listing = '/api/models/stabilityai/stable-video-diffusion-img2vid-xt/tree/main/image_encoder';
    const ok = server.routes.get(listing)!;
    try {
      server.routes.set(listing, { body: Buffer.alloc(0), mode: 'status', status: 401 });
      const s = service('gated');
      await expect(s.install({ source: entry.id, shape: SHAPE })).rejects.toThrow(
        /gated: it needs a Hugging Face access token.*request access at https:\/\/huggingface\.co/,
      );
      await expect(s.install({ source: entry.id, shape: SHAPE, token: 'hf_bad' })).rejects.toThrow(
        /refused the token/,
      );
      server.routes.set(listing, { body: Buffer.alloc(0), mode: 'status', status: 403 });
      await expect(s.install({ source: entry.id, shape: SHAPE, token: 'hf_ok' })).rejects.toThrow(
        /no access to this gated repository.*request access/,
      );
      expect(server.log.filter((l) => l.path.includes('/resolve/'))).toHaveLength(0);
    } finally {
      server.routes.set(listing, ok);
    }
  });

  it('downloads (resuming a cut), verifies every file, and builds the pack in place', async () => {
    const unet =
      '/stabilityai/stable-video-diffusion-img2vid-xt/resolve/main/unet/diffusion_pytorch_model.fp16.safetensors';
    const route = server.routes.get(unet)!;
    server.routes.set(unet, { ...route, mode: 'cut', cutAfter: 100_000, cuts: 1 });
    const s = service('ok');
    const seen = server.log.length;
    const m = await s.install({ source: entry.id, shape: SHAPE, token: 'hf_token' });
    expect(server.log.filter((l) => l.path === unet).map((l) => l.range)).toEqual([
      undefined,
      'bytes=100000-',
    ]);
    // Token went with every request to the hub origin (the test's), as it would to huggingface.co only.
    expect(server.log.slice(seen).every((l) => l.authorization === 'Bearer hf_token')).toBe(true);
    const files = s.registry.filesDir(m.manifest.id);
    const pack = loadSvdPack(files);
    expect(pack.manifest.resolution).toEqual({ width: 72, height: 80 });
    const onDisk = (await walk(files)).map((p) => relative(files, p)).sort();
    expect(onDisk.filter((p) => p.endsWith('.onnx.data'))).toEqual([]); // no weight copies
    expect(onDisk).toContain(
      'stable-video-diffusion-img2vid-xt/unet/diffusion_pytorch_model.fp16.safetensors',
    );
    expect(
      m.manifest.files.find((f) => f.path.endsWith('unet/diffusion_pytorch_model.fp16.safetensors'))?.sha256,
    ).toBe(sha256(route.body));
    await expect(readdir(join(root, 'ok', '.downloads'))).resolves.toEqual([]);
  });

  it('deletes a file whose hash differs from the listing and says so', async () => {
    const cfg = '/hlwang06/LeviTor/resolve/main/controlnet/config.json';
    const route = server.routes.get(cfg)!;
    server.routes.set(cfg, {
      body: Buffer.from(route.body.toString().replace('"in_channels": 8', '"in_channels": 9')),
    });
    try {
      await expect(service('bad').install({ source: entry.id, shape: SHAPE })).rejects.toThrow(
        /does not match the hub's git blob id/,
      );
      // The verified files stay for the next run to reuse; no folder is left empty.
      const left = join(root, 'bad', '.downloads', entry.id);
      expect((await walk(left)).some((p) => p.endsWith('.safetensors'))).toBe(true);
      const dirs = (await readdir(left, { recursive: true, withFileTypes: true })).filter((d) =>
        d.isDirectory(),
      );
      for (const d of dirs) expect(await readdir(join(d.parentPath, d.name)), d.name).not.toEqual([]);
    } finally {
      server.routes.set(cfg, route);
    }
  });
});
