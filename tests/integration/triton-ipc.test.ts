import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelsChannels } from '../../src-shared/models/ipc';
import { FilesService } from '../../src-main/services/files';
import { createModelsHandlers } from '../../src-main/services/models/handlers';
import { installTinyVideoPack } from '../support/installTinyVideoPack';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'levitor-triton-ipc-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('models:tritonRepo (the Models panel button)', () => {
  it('writes the repository of an installed video model into the folder main granted, nothing else', async () => {
    const models = join(tmp, 'models');
    await installTinyVideoPack(models, 'tiny-video');
    const files = new FilesService({ roots: [tmp], noWrite: [models] });
    const { handlers, dispose } = createModelsHandlers(models, () => undefined, files);
    try {
      const out = join(tmp, 'tiny-video-triton');
      // A path from the renderer is refused: only a handle main issued for purpose triton-repo works.
      await expect(
        handlers['models:tritonRepo']({ id: 'tiny-video', path: out, jobId: 'a' }),
      ).rejects.toThrow();
      const forOpen = files.grant(out, 'model-folder').handle;
      await expect(
        handlers['models:tritonRepo']({ id: 'tiny-video', handle: forOpen, jobId: 'b' }),
      ).rejects.toMatchObject({ code: 'files/unknown-handle' });
      // The in-app picker's choice: a new folder named in a place, proven inside the roots.
      const picked = await new FilesService({ roots: [tmp], noWrite: [models] }).choose(
        'triton-repo',
        tmp,
        'tiny-video-triton',
      );
      expect(picked.path).toBe(out);
      const handle = files.grant(out, 'triton-repo').handle;
      const r = modelsChannels['models:tritonRepo'].response.parse(
        await handlers['models:tritonRepo']({ id: 'tiny-video', handle, jobId: 'c', graphs: 'python' }),
      );
      expect(r.models).toContain('levitor_generate');
      expect(r.hardLinked + r.copied).toBe(8);
      expect((await readdir(out)).sort()).toContain('levitor_denoiser');
      // Not a video model id, and not inside the models folder.
      await expect(
        handlers['models:tritonRepo']({ id: 'no-such', handle, jobId: 'd' }),
      ).rejects.toMatchObject({ code: 'models/not-installed' });
      const inside = files.grant(join(models, 'repo'), 'triton-repo').handle;
      await expect(
        handlers['models:tritonRepo']({ id: 'tiny-video', handle: inside, jobId: 'e' }),
      ).rejects.toThrow(/inside the models folder/);
      await expect(
        new FilesService({ roots: [tmp], noWrite: [models] }).choose('triton-repo', models, 'repo'),
      ).rejects.toThrow();
    } finally {
      dispose();
    }
  });
});
