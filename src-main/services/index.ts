import { dirname, join } from 'node:path';
import type {
  AppInfo,
  EventChannel,
  EventOf,
  ImportedImage,
  OpenDialogOutcome,
} from '../../src-shared/ipc/contract';
import type { InferenceClient } from '../inference/client';
import { createExportHandlers, type SaveDialog } from './export/handlers';
import { createGeneration } from './generation';
import { AssetStore } from './images/assetStore';
import { type AssetUrl, importImageBytes, importImagePath } from './images/imageService';
import { JobRegistry } from './jobs/jobRegistry';
import { createModelsHandlers } from './models/handlers';
import { ProjectService, createProjectHandlers, sampleProjectPath } from './projects';
import { SegmentService, createSegmentHandlers } from './segment';

export interface StudioServicesOptions {
  host: 'electron' | 'browser';
  version: string;
  assetUrl: AssetUrl;
  inference?: InferenceClient;
  /** Native open dialog (Electron); absent in the browser host, where the renderer uses <input type=file>. */
  showOpenDialog?: () => Promise<string | null>;
  /** Native save dialog for exports (Electron); absent in the browser host, where the renderer asks for a path. */
  showSaveDialog?: SaveDialog;
  /** Sends an event to the renderer(s) of this transport. */
  emit: Emit;
  /** Installed model packs (Electron: userData/models; elsewhere defaultModelsDir()). */
  modelsDir: string;
  /** Recent-projects list and recovery files; default: beside modelsDir (userData), recovery/ under it. */
  settingsDir?: string;
  /** Autosave period of the open project (ms); 0 = only on demand. Default 3 minutes. */
  autosaveMs?: number;
  /** Native .levitor open/save dialog (Electron); null = cancelled. */
  pickProjectPath?: (mode: 'open' | 'save', suggestedName?: string) => Promise<string | null>;
  /** Bundled sample projects; default resources/samples beside out/ (dev, browser host). */
  samplesDir?: string;
}

export type Emit = <E extends EventChannel>(channel: E, payload: EventOf<E>) => void;

/**
 * The services behind the contract, shared by the Electron main process and the browser host: only the
 * transport differs. Each method takes an already-parsed request.
 */
export function createStudioServices(opts: StudioServicesOptions) {
  const assets = new AssetStore();
  const jobs = new JobRegistry();
  const models = createModelsHandlers(opts.modelsDir, (c, p) => opts.emit(c, p));
  const settingsDir = opts.settingsDir ?? dirname(opts.modelsDir);
  const projects = new ProjectService({
    settingsDir,
    recoveryDir: join(settingsDir, 'recovery'),
    autosaveMs: opts.autosaveMs ?? 180_000,
  });
  const generation = createGeneration({
    inference: opts.inference,
    registry: models.service.registry,
    assets,
    assetUrl: opts.assetUrl,
    projects,
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
    showSaveDialog: opts.showSaveDialog,
    emit: (c, p) => opts.emit(c, p),
  });
  return {
    assets,
    jobs,
    /** Handlers for channels owned by other services (models:*); each parses its own payload. */
    projects,
    generation,
    segment,
    // generation.withTakeFrames: take frames reach the open project before an edit listing the take.
    extraHandlers: generation.withTakeFrames({
      ...models.handlers,
      ...createProjectHandlers(projects, {
        registerImage: (bytes, mime) => {
          const a = assets.add(mime, Buffer.from(bytes));
          return { imageId: a.id, url: opts.assetUrl(a.id) };
        },
        imageBytes: (id) => assets.get(id)?.bytes,
        ...(opts.pickProjectPath ? { pickPath: opts.pickProjectPath } : {}),
        samplePath: sampleProjectPath(opts.samplesDir),
      }),
      ...generation.handlers,
      ...exports.handlers,
      ...createSegmentHandlers(segment),
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
      if (!opts.showOpenDialog) return { kind: 'use-file-input' };
      const path = await opts.showOpenDialog();
      if (!path) return { kind: 'cancelled' };
      return { kind: 'opened', image: await importImagePath(assets, opts.assetUrl, path) };
    },
    openPath(path: string): Promise<ImportedImage> {
      return importImagePath(assets, opts.assetUrl, path);
    },
    importBytes(name: string, base64: string): Promise<ImportedImage> {
      return importImageBytes(assets, opts.assetUrl, name, Buffer.from(base64, 'base64'));
    },
    cancelJob(jobId: string): { cancelled: boolean } {
      return { cancelled: jobs.cancel(jobId) };
    },
    async dispose(): Promise<void> {
      jobs.cancelAll();
      generation.queue.dispose();
      exports.cancelAll();
      models.dispose();
      projects.dispose();
      segment.dispose();
      assets.clear();
      await opts.inference?.dispose();
    },
  };
}
export type StudioServices = ReturnType<typeof createStudioServices>;
