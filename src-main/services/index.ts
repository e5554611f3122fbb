import { dirname, join } from 'node:path';
import type {
  AppInfo,
  EventChannel,
  EventOf,
  ImportedImage,
  OpenDialogOutcome,
} from '../../src-shared/ipc/contract';
import type { InferenceClient } from '../inference/client';
import { createExportHandlers } from './export/handlers';
import { UploadStore, createUploadHandlers } from './uploads';
import { FilesService, createFilesHandlers, type NativeFileDialog } from './files';
import { createGeneration } from './generation';
import { AssetStore } from './images/assetStore';
import { type AssetUrl, importImageBytes, importImagePath } from './images/imageService';
import { JobRegistry } from './jobs/jobRegistry';
import { createModelsHandlers } from './models/handlers';
import { MemoryTokenStore, type ProtectedCipher, type TokenStore } from './models/tokenStore';
import { ProjectService, createProjectHandlers, sampleProjectPath } from './projects';
import { SegmentService, createSegmentHandlers } from './segment';
import { ComputeSettingsStore } from './remote/computeSettings';
import { createComputeHandlers } from './remote/handlers';
import { packIdentity } from '../inference/models/svd/identity';

export interface StudioServicesOptions {
  host: 'electron' | 'browser';
  version: string;
  assetUrl: AssetUrl;
  inference?: InferenceClient;
  /**
   * Electron's native file dialog. Absent in the browser host, whose renderer shows the in-app picker
   * over files:places/list/choose instead (folders under `fileRoots`).
   */
  nativeDialog?: NativeFileDialog;
  /** Where the in-app picker may go (default: the user's home folder). */
  fileRoots?: readonly string[];
  /** Sends an event to the renderer(s) of this transport. */
  emit: Emit;
  /** Installed model packs (Electron: userData/models; elsewhere defaultModelsDir()). */
  modelsDir: string;
  /**
   * The data folder: recent-projects list and recovery files (recovery/ under it). Electron: userData; the
   * browser host: --data-dir / LEVITOR_DATA_DIR or the same userData path (hosts/dataDirs.ts). Default,
   * for tests only: the models folder's parent.
   */
  settingsDir?: string;
  /** Autosave period of the open project (ms); 0 = only on demand. Default 3 minutes. */
  autosaveMs?: number;
  /** Bundled sample projects; default resources/samples beside out/ (dev, browser host). */
  samplesDir?: string;
  /** Encrypts the compute headers (tokens) at rest (Electron: safeStorage); without it they stay in memory. */
  secretCipher?: ProtectedCipher;
  /**
   * The Hugging Face token between installs: Electron encrypts it with safeStorage
   * (electron/tokenStore.ts); default, for the browser host and tests: memory, seeded from $HF_TOKEN.
   */
  tokenStore?: TokenStore;
}

export type Emit = <E extends EventChannel>(channel: E, payload: EventOf<E>) => void;

/**
 * The services behind the contract, shared by the Electron main process and the browser host: only the
 * transport differs. Each method takes an already-parsed request.
 */
export function createStudioServices(opts: StudioServicesOptions) {
  const assets = new AssetStore();
  const jobs = new JobRegistry();
  /** Bytes the renderer sends ahead of the request that uses them (services/uploads). */
  const uploads = new UploadStore();
  const settingsDir = opts.settingsDir ?? dirname(opts.modelsDir);
  const projects = new ProjectService({
    settingsDir,
    recoveryDir: join(settingsDir, 'recovery'),
    autosaveMs: opts.autosaveMs ?? 180_000,
  });
  const files = new FilesService({
    nativeDialog: opts.nativeDialog,
    ...(opts.fileRoots ? { roots: opts.fileRoots } : {}),
    noWrite: [settingsDir, opts.modelsDir],
    recentFolders: async () => (await projects.recent.list()).map((r) => dirname(r.path)),
  });
  const inference = opts.inference;
  const models = createModelsHandlers(opts.modelsDir, (c, p) => opts.emit(c, p), files, {
    tokens: opts.tokenStore ?? new MemoryTokenStore(),
    // the video model installs float16 graphs where generation runs on a GPU, float32 on the CPU
    service: inference ? { executionProviders: () => inference.ready() } : undefined,
  });
  const compute = new ComputeSettingsStore(settingsDir, opts.secretCipher);
  const installedPack = async (): Promise<string | null> => {
    const reg = models.service.registry;
    const m =
      (await reg.resolveDefault('video')) ??
      (await reg.list()).models.find((x) => x.manifest.role === 'video');
    return m ? packIdentity(reg.filesDir(m.manifest.id)) : null;
  };
  const generation = createGeneration({
    remote: () => compute.remote(),
    inference: opts.inference,
    registry: models.service.registry,
    assets,
    assetUrl: opts.assetUrl,
    projects,
    uploads,
    emit: opts.emit,
  });
  const segment = new SegmentService({
    inference: opts.inference,
    registry: models.service.registry,
    assets,
    jobs,
    emit: opts.emit,
  });
  const exports = createExportHandlers({
    generation,
    resolveOut: (handle) => files.resolve(handle, ['export']),
    uploads,
    emit: (c, p) => opts.emit(c, p),
  });
  /** Cancels running and queued work (jobs, generations, exports); quitting does this first. */
  const stopWork = (): void => {
    jobs.cancelAll();
    generation.queue.dispose();
    exports.cancelAll();
  };
  return {
    assets,
    jobs,
    uploads,
    /** Handlers for channels owned by other services (models:*); each parses its own payload. */
    projects,
    generation,
    segment,
    /** Main's authority over the user's files: dialogs and the handles they issue (services/files). */
    files,
    // generation.withTakeFrames: take frames reach the open project before an edit listing the take.
    extraHandlers: generation.withTakeFrames({
      ...models.handlers,
      ...createProjectHandlers(projects, {
        registerImage: (bytes, mime) => {
          const a = assets.add(mime, Buffer.from(bytes));
          return { imageId: a.id, url: opts.assetUrl(a.id) };
        },
        imageBytes: (id) => assets.get(id)?.bytes,
        files,
        uploads,
        samplePath: sampleProjectPath(opts.samplesDir),
      }),
      ...generation.handlers,
      ...exports.handlers,
      ...createSegmentHandlers(segment),
      ...createFilesHandlers(files),
      ...createComputeHandlers(compute, installedPack),
      ...createUploadHandlers(uploads),
    } as Record<string, (payload: unknown) => Promise<unknown>>),
    async getInfo(): Promise<AppInfo> {
      const p = opts.inference
        ? await opts.inference.ready().catch((e: Error) => ({
            available: ['cpu'],
            active: 'cpu',
            notes: [`inference host unavailable: ${e.message}`],
          }))
        : { available: [], active: 'none', notes: ['no inference host in this process'] };
      const installed = await models.service.list().catch(() => ({ models: [] }));
      const list = installed.models.map(({ manifest: m }) => ({ id: m.id, role: m.role, name: m.name }));
      return {
        version: opts.version,
        platform: `${process.platform}-${process.arch}`,
        host: opts.host,
        providers: p,
        models: list,
      };
    },
    async openDialog(): Promise<OpenDialogOutcome> {
      // The browser host reads the file in the page (<input type=file>) and sends its bytes.
      const picked = await files.pick('open-image');
      if (picked.kind === 'use-picker') return { kind: 'use-file-input' };
      if (picked.kind === 'cancelled') return picked;
      const path = await files.readable(picked.file.handle, ['open-image']);
      return { kind: 'opened', image: await importImagePath(assets, opts.assetUrl, path) };
    },
    async openPath(handle: string): Promise<ImportedImage> {
      const path = await files.readable(handle, ['open-image']);
      return importImagePath(assets, opts.assetUrl, path);
    },
    /** An image file's bytes, inline or sent ahead (upload:piece). */
    importBytes(req: {
      name: string;
      bytes?: Uint8Array | undefined;
      upload?: string | undefined;
    }): Promise<ImportedImage> {
      const bytes = req.upload ? uploads.takeBlob(req.upload) : (req.bytes ?? new Uint8Array());
      return importImageBytes(
        assets,
        opts.assetUrl,
        req.name,
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      );
    },
    cancelJob(jobId: string): { cancelled: boolean } {
      return { cancelled: jobs.cancel(jobId) };
    },
    stopWork,
    async dispose(): Promise<void> {
      stopWork();
      models.dispose();
      projects.dispose();
      segment.dispose();
      assets.clear();
      files.grants.clear();
      await opts.inference?.dispose();
    },
  };
}
export type StudioServices = ReturnType<typeof createStudioServices>;
