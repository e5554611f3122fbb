import { resolve } from 'node:path';
import { ModelService } from '../../src-main/services/models/service';

/** The tiny random-weight SVD + ControlNet pack (72x80, 4 frames) committed for tests. */
export const TINY_VIDEO_PACK = resolve(import.meta.dirname, '../fixtures/svd/pack');

/**
 * Installs the tiny video pack into `modelsDir` through the real model manager (hashing, manifest,
 * contract) as the default 'video' model, the way a user's `levitor models install <pack>` would.
 */
export async function installTinyVideoPack(modelsDir: string, id = 'tiny-video'): Promise<string> {
  const service = new ModelService({ modelsDir });
  const m = await service.install({ source: TINY_VIDEO_PACK, id, contract: 'levitor-video-pack-v1' });
  await service.setDefault('video', m.manifest.id);
  return m.manifest.id;
}

/** What `levitor models triton-repo` writes at the top of its folder (sorted). */
export const TRITON_REPO_ENTRIES = [
  'levitor-triton.json',
  'levitor_denoiser',
  'levitor_generate',
  'levitor_image_encoder',
  'levitor_vae_decoder',
  'levitor_vae_encoder',
];
