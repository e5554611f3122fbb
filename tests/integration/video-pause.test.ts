import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../src-shared/models/catalogue';
import { modelsChannels, ModelsProgressEvent } from '../../src-shared/models/ipc';
import { StudioError } from '../../src-shared/ipc/contract';
import { createModelsHandlers } from '../../src-main/services/models/handlers';
import { MemoryTokenStore } from '../../src-main/services/models/tokenStore';
import {
  HUB_MODELS,
  HUB_TEMPLATE,
  resolvePath,
  serveGatedHub,
  SVD_REPO,
  UNET,
  unetPart,
} from '../support/svdHub';
import { sha256, startServer, type TestServer } from './models-support';

// Pause, resume and cancel of the video model's download through the models:* handlers (what the panel
// calls), against a real loopback server in the hub's layout that gates the SVD repository by token.
const entry = catalogue.find((e) => e.id === 'levitor-svd-xt')!;
const SVD = SVD_REPO;
const TOKEN = 'hf_granted_0123456789';

describe('video model download: pause, resume, cancel, token', () => {
  let server: TestServer;
  let root: string;
  beforeAll(async () => {
    server = await startServer();
    root = await mkdtemp(join(tmpdir(), 'video-pause-'));
    await serveGatedHub(server, entry, TOKEN, 64 * 1024);
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  function handlersIn(dir: string) {
    const events: ModelsProgressEvent[] = [];
    const h = createModelsHandlers(
      join(root, dir),
      (_c, p) => events.push(ModelsProgressEvent.parse(p)),
      undefined,
      {
        tokens: new MemoryTokenStore(undefined),
        service: {
          hubEndpoint: server.base,
          tokenOrigins: [server.base],
          videoTemplateDir: () => HUB_TEMPLATE,
        },
      },
    );
    return { ...h, events };
  }

  /** Resolves once the UNet has some bytes on disk, then pauses (or cancels) the job. */
  async function stopMidUnet(h: ReturnType<typeof handlersIn>, how: 'models:pause' | 'models:cancel') {
    for (let i = 0; i < 500; i++) {
      if (h.events.some((e) => e.what.endsWith(UNET) && e.receivedBytes > 200_000)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    return h.handlers[how]({ jobId: 'video' });
  }

  it('never hands the token back, and a token without access names the step that is missing', async () => {
    const h = handlersIn('gated');
    expect(await h.handlers['models:tokenStatus']({})).toMatchObject({ present: false, source: 'none' });
    const st = await h.handlers['models:setToken']({ token: 'hf_not_granted' });
    expect(modelsChannels['models:tokenStatus'].response.parse(st)).toMatchObject({
      present: true,
      source: 'session',
      canPersist: false,
    });
    expect(JSON.stringify(st)).not.toContain('hf_not_granted');
    const err = await h.handlers['models:download']({ source: entry.id, jobId: 'video' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe('models/forbidden');
    expect((err as Error).message).toMatch(
      /no access to this gated repository.*request access at https:\/\/huggingface\.co/,
    );
    expect(server.log.filter((l) => l.path.includes('/resolve/'))).toHaveLength(0);
    await expect(h.handlers['models:setToken']({ token: '' })).rejects.toThrow(); // zod: empty refused
  });

  it('pauses mid-file keeping the bytes, resumes from that offset, and installs the verified pack', async () => {
    const h = handlersIn('paused');
    await h.handlers['models:setToken']({ token: TOKEN });
    const first = h.handlers['models:download']({ source: entry.id, jobId: 'video' }).catch(
      (e: unknown) => e,
    );
    expect(await stopMidUnet(h, 'models:pause')).toEqual({ paused: true });
    const err = (await first) as StudioError;
    expect(err.code).toBe('models/paused');
    const part = unetPart(join(root, 'paused'));
    const kept = (await stat(part)).size;
    expect(kept).toBeGreaterThan(0);
    const list = modelsChannels['models:list'].response.parse(await h.handlers['models:list']({}));
    expect(list.downloads).toEqual([{ id: entry.id, bytes: expect.any(Number) as number }]);
    const overall = h.events.at(-1)!.overall!;
    expect(overall.fileCount).toBe(8);
    expect(overall.totalBytes).toBeGreaterThan(overall.receivedBytes);

    const seen = server.log.length;
    const m = await h.handlers['models:download']({ source: entry.id, jobId: 'video' });
    const installed = modelsChannels['models:download'].response.parse(m);
    const unetLog = server.log.slice(seen).filter((l) => l.path === resolvePath(SVD, UNET));
    expect(unetLog.map((l) => l.range)).toEqual([`bytes=${kept}-`]);
    // Files finished before the pause are re-hashed, not fetched again.
    expect(
      server.log.slice(seen).filter((l) => l.path.endsWith('/image_encoder/model.fp16.safetensors')),
    ).toHaveLength(0);
    const body = await readFile(join(HUB_MODELS, 'stable-video-diffusion-img2vid-xt', ...UNET.split('/')));
    expect(installed.manifest.files.find((f) => f.path.endsWith(UNET))?.sha256).toBe(sha256(body));
    await expect(readdir(join(root, 'paused', '.downloads'))).resolves.toEqual([]);
  });

  it('cancel drops what was downloaded; a paused download can be discarded', async () => {
    const h = handlersIn('cancel');
    await h.handlers['models:setToken']({ token: TOKEN });
    let run = h.handlers['models:download']({ source: entry.id, jobId: 'video' }).catch((e: unknown) => e);
    expect(await stopMidUnet(h, 'models:cancel')).toEqual({ cancelled: true });
    expect(((await run) as StudioError).code).toBe('models/cancelled');
    await expect(readdir(join(root, 'cancel', '.downloads'))).resolves.toEqual([]);

    h.events.length = 0;
    run = h.handlers['models:download']({ source: entry.id, jobId: 'video' }).catch((e: unknown) => e);
    await stopMidUnet(h, 'models:pause');
    expect(((await run) as StudioError).code).toBe('models/paused');
    await h.handlers['models:discardDownload']({ id: entry.id });
    await expect(readdir(join(root, 'cancel', '.downloads'))).resolves.toEqual([]);
  });
});
