import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelsChannels, ModelsProgressEvent } from '../../src-shared/models/ipc';
import { FilesService } from '../../src-main/services/files';
import { createModelsHandlers } from '../../src-main/services/models/handlers';
import { onnxBody, randomBody, startServer } from './models-support';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'levitor-handlers-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('models:* handlers', () => {
  it('validate payloads, install, list, set the default, cancel a download through models:cancel', async () => {
    const events: unknown[] = [];
    const files = new FilesService();
    const { handlers, dispose } = createModelsHandlers(
      join(tmp, 'models'),
      (_c, p) => events.push(p),
      files,
      {
        service: { allowLocalAddresses: true }, // the test server is on 127.0.0.1
      },
    );
    await expect(handlers['models:install']({ path: 42 })).rejects.toThrow();
    const src = join(tmp, 'sam');
    await mkdir(src);
    await writeFile(join(src, 'encoder.onnx'), onnxBody(1000));
    await writeFile(join(src, 'decoder.onnx'), onnxBody(1000, 2));
    // A path is refused; the folder goes in by the handle main issued when the user chose it.
    await expect(handlers['models:install']({ path: src, jobId: 'p' })).rejects.toThrow();
    const installed = await handlers['models:install']({
      handle: files.grant(src, 'model-folder').handle,
      jobId: 'a',
      contract: 'sam2-encoder-decoder',
    });
    modelsChannels['models:install'].response.parse(installed);
    await handlers['models:setDefault']({ role: 'segmentation', id: 'sam' });
    const list = modelsChannels['models:list'].response.parse(await handlers['models:list']({}));
    expect(list.models.map((m) => [m.manifest.id, m.isDefault])).toEqual([['sam', true]]);
    expect((await handlers['models:catalogue']({})) as unknown[]).toHaveLength(8);

    const server = await startServer();
    try {
      server.routes.set('/big.onnx', { body: randomBody(200_000), mode: 'slow' });
      const p = handlers['models:download']({
        source: `${server.base}/big.onnx`,
        jobId: 'dl',
        contract: 'sam-v1',
      });
      const rejected = expect(p).rejects.toMatchObject({ name: 'StudioError', code: 'models/cancelled' });
      while (!events.some((e) => (e as { jobId: string }).jobId === 'dl'))
        await new Promise((r) => setTimeout(r, 20));
      expect(await handlers['models:cancel']({ jobId: 'dl' })).toEqual({ cancelled: true });
      await rejected;
      for (const e of events) ModelsProgressEvent.parse(e); // every event is JSON-safe and schema-valid
      JSON.stringify(events);
    } finally {
      await server.close();
      dispose();
    }
  });
});
