import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogueEntry } from '../../src-shared/models/catalogue';
import { SVD_FIXTURES } from '../golden/svdGoldens';
import { sha256, type Route, type TestServer } from '../integration/models-support';

/** The tiny checkpoints in the hub's layout (tools/export/svd/make_tiny_hub.py) and their template. */
export const HUB_MODELS = join(SVD_FIXTURES, 'hub', 'models');
export const HUB_TEMPLATE = join(SVD_FIXTURES, 'hub', 'template');
/** The same graphs computing in float16 (make_tiny_hub.py, template-fp16). */
export const HUB_TEMPLATE_FP16 = join(SVD_FIXTURES, 'hub', 'template-fp16');

export const SVD_REPO = 'stabilityai/stable-video-diffusion-img2vid-xt';
export const UNET = 'unet/diffusion_pytorch_model.fp16.safetensors';

/** Where a paused download of the UNet keeps its bytes, in a models folder. */
export function unetPart(modelsDir: string): string {
  const payload = join(modelsDir, '.downloads', 'levitor-svd-xt', 'payload');
  return join(payload, 'stable-video-diffusion-img2vid-xt', `${UNET}.part`);
}

/** The URL path the hub serves a repository file at. */
export const resolvePath = (repo: string, path: string): string => `/${repo}/resolve/main/${path}`;

/**
 * Routes for every file of a hub-checkpoints entry, as the hub serves them: /<repo>/resolve/main/<path>
 * (the bytes) and /api/models/<repo>/tree/main/<dir> (sizes, git blob ids, LFS SHA-256). `route` adds
 * options to every route of a repository (e.g. `auth` for the gated one).
 */
export async function serveHub(
  server: TestServer,
  e: CatalogueEntry,
  route: (repo: string) => Partial<Route> = () => ({}),
): Promise<void> {
  if (e.download.kind !== 'hub-checkpoints') throw new Error('not a hub entry');
  for (const repo of e.download.repos) {
    const listings = new Map<string, unknown[]>();
    for (const f of repo.files) {
      const body = await readFile(join(HUB_MODELS, repo.folder, ...f.path.split('/')));
      server.routes.set(resolvePath(repo.repo, f.path), { body, ...route(repo.repo) });
      const dir = f.path.split('/').slice(0, -1).join('/');
      const lfs = f.path.endsWith('.safetensors');
      const oid = createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
      listings.set(dir, [
        ...(listings.get(dir) ?? []),
        {
          type: 'file',
          path: f.path,
          size: lfs ? 134 : body.length,
          oid,
          ...(lfs ? { lfs: { oid: sha256(body), size: body.length } } : {}),
        },
      ]);
    }
    for (const [dir, list] of listings) {
      server.routes.set(`/api/models/${repo.repo}/tree/main/${dir}`, {
        body: Buffer.from(JSON.stringify(list)),
        ...route(repo.repo),
      });
    }
  }
}

/**
 * The hub as the pause tests want it: SVD gated by `token` (401 without one, 403 with another) and its
 * UNet (2.7 MB) trickling `chunk` bytes per 20 ms, so a test can stop it halfway.
 */
export async function serveGatedHub(server: TestServer, e: CatalogueEntry, token: string, chunk: number) {
  await serveHub(server, e, (repo) => (repo === SVD_REPO ? { auth: token } : {}));
  const unet = server.routes.get(resolvePath(SVD_REPO, UNET))!;
  server.routes.set(resolvePath(SVD_REPO, UNET), { ...unet, mode: 'slow', chunk });
}
