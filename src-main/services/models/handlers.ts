import {
  modelsChannels,
  type ModelsChannel,
  type ModelsParsedRequest,
  type ModelsProgressEvent,
  type ModelsResponse,
} from '../../../src-shared/models/ipc';
import type { FilePurpose } from '../../../src-shared/files/ipc';
import { StudioError } from '../../../src-shared/ipc/contract';
import { unknownHandle } from '../files/grants';
import { writeTritonRepoForModel } from '../triton/service';
import { ModelError, PAUSE_REASON, redactTokens } from './errors';
import type { OverallProgress } from './progress';
import { MemoryTokenStore, type TokenStore } from './tokenStore';
import { ModelService, type ModelServiceOptions, type ModelsProgress } from './service';

export type ModelsHandler = (payload: unknown) => Promise<unknown>;

/** JSON-safe progress: optional numbers are omitted rather than sent as undefined. */
function toEvent(p: ModelsProgress): ModelsProgressEvent {
  return {
    jobId: p.jobId,
    phase: p.phase,
    what: p.what,
    receivedBytes: p.receivedBytes,
    bytesPerSecond: p.bytesPerSecond,
    done: p.done,
    ...(p.totalBytes !== undefined ? { totalBytes: p.totalBytes } : {}),
    ...(p.etaSeconds !== undefined && Number.isFinite(p.etaSeconds) ? { etaSeconds: p.etaSeconds } : {}),
    ...(p.overall ? { overall: overallEvent(p.overall) } : {}),
  };
}

function overallEvent(o: OverallProgress): NonNullable<ModelsProgressEvent['overall']> {
  return {
    receivedBytes: o.receivedBytes,
    bytesPerSecond: o.bytesPerSecond,
    fileIndex: o.fileIndex,
    fileCount: o.fileCount,
    ...(o.totalBytes !== undefined ? { totalBytes: o.totalBytes } : {}),
    ...(o.etaSeconds !== undefined && Number.isFinite(o.etaSeconds) ? { etaSeconds: o.etaSeconds } : {}),
  };
}

/**
 * One handler per `models:*` channel, each parsing its payload with the channel's schema first. The
 * transport (Electron ipcMain, the browser host's WebSocket) only routes: `emit` sends `models:progress`.
 */
export function createModelsHandlers(
  modelsDir: string,
  emit: (channel: 'models:progress', payload: ModelsProgressEvent) => void,
  /** Main's file authority (services/files): the folder or .zip behind the handle models:install names. */
  files?: {
    readable(handle: string, purposes: readonly FilePurpose[]): Promise<string>;
    resolve(handle: string, purposes: readonly FilePurpose[]): string;
  },
  opts: {
    /** The Hugging Face token between installs (Electron: encrypted on disk; else memory + $HF_TOKEN). */
    tokens?: TokenStore | undefined;
    /** Tests point the hub, token origins and video template at local ones. */
    service?: Omit<ModelServiceOptions, 'modelsDir' | 'onProgress'> | undefined;
  } = {},
): { service: ModelService; handlers: Record<ModelsChannel, ModelsHandler>; dispose(): void } {
  const tokens = opts.tokens ?? new MemoryTokenStore();
  const service = new ModelService({
    ...opts.service,
    modelsDir,
    onProgress: (p) => emit('models:progress', toEvent(p)),
  });
  const jobs = new Map<string, AbortController>();
  const stop = (jobId: string, reason?: typeof PAUSE_REASON): boolean => {
    const ac = jobs.get(jobId);
    ac?.abort(reason);
    return ac !== undefined;
  };

  async function job<T>(jobId: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (jobs.has(jobId)) throw new ModelError('invalid', `job ${jobId} is already running`);
    const ac = new AbortController();
    jobs.set(jobId, ac);
    try {
      return await run(ac.signal);
    } finally {
      jobs.delete(jobId);
    }
  }
  const parse = <C extends ModelsChannel>(c: C, payload: unknown): ModelsParsedRequest<C> =>
    modelsChannels[c].request.parse(payload) as ModelsParsedRequest<C>;

  const handlers: Record<ModelsChannel, ModelsHandler> = {
    'models:list': async (p): Promise<ModelsResponse<'models:list'>> => {
      parse('models:list', p);
      const downloads = await service.pendingDownloads();
      return { ...(await service.list()), modelsDir: service.registry.root, downloads };
    },
    'models:catalogue': async (p) => {
      parse('models:catalogue', p);
      return service.catalogue();
    },
    'models:install': async (p) => {
      const { handle, ...r } = parse('models:install', p);
      if (!files) throw unknownHandle();
      const source = await files.readable(handle, ['model-folder', 'model-zip']);
      return job(r.jobId, (signal) => service.install({ ...r, source, signal, jobId: r.jobId }));
    },
    'models:download': async (p) => {
      const { from: fromHandle, ...r } = parse('models:download', p);
      if (!/^https?:\/\//i.test(r.source) && !service.catalogue().some((e) => e.id === r.source)) {
        throw new ModelError('invalid', `not a URL or catalogue id: ${r.source}`);
      }
      if (fromHandle !== undefined && !files) throw unknownHandle();
      // main resolves the chosen folder itself: the renderer only ever holds the handle.
      const from = fromHandle === undefined ? undefined : await files!.readable(fromHandle, ['model-folder']);
      const token = r.token ?? (await tokens.get());
      return job(r.jobId, (signal) =>
        service.install({ ...r, from, token, sha256: r.sha256?.toLowerCase(), signal }),
      );
    },
    'models:verify': async (p) => {
      const r = parse('models:verify', p);
      return job(r.jobId, (signal) => service.verify(r.id, { jobId: r.jobId, signal }));
    },
    'models:repair': async (p) => {
      const r = parse('models:repair', p);
      const token = r.token ?? (await tokens.get());
      return job(r.jobId, (signal) => service.repair(r.id, { jobId: r.jobId, signal, token }));
    },
    'models:cancel': async (p) => ({ cancelled: stop(parse('models:cancel', p).jobId) }),
    'models:pause': async (p) => ({ paused: stop(parse('models:pause', p).jobId, PAUSE_REASON) }),
    'models:discardDownload': async (p) => {
      await service.discardDownload(parse('models:discardDownload', p).id);
      return {};
    },
    'models:tokenStatus': async (p) => {
      parse('models:tokenStatus', p);
      return tokens.status();
    },
    'models:setToken': async (p) => {
      await tokens.set(parse('models:setToken', p).token);
      return tokens.status();
    },
    'models:remove': async (p) => {
      await service.remove(parse('models:remove', p).id);
      return {};
    },
    'models:setDefault': async (p) => {
      const r = parse('models:setDefault', p);
      await service.setDefault(r.role, r.id);
      return {};
    },
    'models:tritonRepo': async (p): Promise<ModelsResponse<'models:tritonRepo'>> => {
      const r = parse('models:tritonRepo', p);
      if (!files) throw unknownHandle();
      const outDir = files.resolve(r.handle, ['triton-repo']);
      const tensorrt = r.tensorrt
        ? ({ precision: r.tensorrt === 'fp16' ? 'FP16' : 'FP32' } as const)
        : undefined;
      const res = await job(r.jobId, (signal) =>
        writeTritonRepoForModel(service.registry, r.id, { outDir, graphs: r.graphs, tensorrt, signal }),
      );
      const hardLinked = res.files.filter((f) => f.placement === 'hardlink').length;
      return {
        outDir: res.outDir,
        packSha256: res.packSha256,
        models: res.models,
        hardLinked,
        copied: res.files.length - hardLinked,
      };
    },
  };
  // Transports turn StudioError into wire errors; model errors travel as `models/<code>` (area/reason).
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([channel, h]) => [
      channel,
      async (payload: unknown) => {
        try {
          return await h(payload);
        } catch (e) {
          if (e instanceof ModelError) {
            // The token in the request or the one kept: neither goes back in a message.
            const asked = (payload as { token?: unknown } | null)?.token;
            const known = [
              typeof asked === 'string' ? asked : undefined,
              await tokens.get().catch(() => undefined),
            ];
            throw new StudioError(`models/${e.code}`, redactTokens(e.message, known));
          }
          throw e;
        }
      },
    ]),
  ) as Record<ModelsChannel, ModelsHandler>;
  // Quitting pauses: what was downloaded stays for the next start to resume.
  return { service, handlers: wrapped, dispose: () => jobs.forEach((ac) => ac.abort(PAUSE_REASON)) };
}
