import type { CatalogueEntry } from '../../../src-shared/models/catalogue';
import type { ModelsProgressEvent, ModelsRequest, ModelsResponse } from '../../../src-shared/models/ipc';
import { bridge } from '../../bridge';

/** The `models:*` channels as the bridge exposes them (api.models.<method>), typed from the schemas. */
export interface ModelsApi {
  list(req: ModelsRequest<'models:list'>): Promise<ModelsResponse<'models:list'>>;
  catalogue(req: ModelsRequest<'models:catalogue'>): Promise<CatalogueEntry[]>;
  install(req: ModelsRequest<'models:install'>): Promise<ModelsResponse<'models:install'>>;
  download(req: ModelsRequest<'models:download'>): Promise<ModelsResponse<'models:download'>>;
  verify(req: ModelsRequest<'models:verify'>): Promise<ModelsResponse<'models:verify'>>;
  repair(req: ModelsRequest<'models:repair'>): Promise<ModelsResponse<'models:repair'>>;
  cancel(req: ModelsRequest<'models:cancel'>): Promise<ModelsResponse<'models:cancel'>>;
  pause(req: ModelsRequest<'models:pause'>): Promise<ModelsResponse<'models:pause'>>;
  discardDownload(
    req: ModelsRequest<'models:discardDownload'>,
  ): Promise<ModelsResponse<'models:discardDownload'>>;
  tokenStatus(req: ModelsRequest<'models:tokenStatus'>): Promise<ModelsResponse<'models:tokenStatus'>>;
  setToken(req: ModelsRequest<'models:setToken'>): Promise<ModelsResponse<'models:setToken'>>;
  remove(req: ModelsRequest<'models:remove'>): Promise<ModelsResponse<'models:remove'>>;
  setDefault(req: ModelsRequest<'models:setDefault'>): Promise<ModelsResponse<'models:setDefault'>>;
  tritonRepo(req: ModelsRequest<'models:tritonRepo'>): Promise<ModelsResponse<'models:tritonRepo'>>;
}

export const MODELS_REQUEST_CHANNELS = [
  'models:list',
  'models:catalogue',
  'models:install',
  'models:download',
  'models:verify',
  'models:repair',
  'models:cancel',
  'models:pause',
  'models:discardDownload',
  'models:tokenStatus',
  'models:setToken',
  'models:remove',
  'models:setDefault',
  'models:tritonRepo',
] as const;

type Listener = (p: ModelsProgressEvent) => void;

/**
 * The models API from the renderer's bridge, or undefined while the bridge does not carry the
 * `models:*` channels yet (the panel then says so instead of failing on click).
 */
export function modelsApi(): { api: ModelsApi; onProgress(l: Listener): () => void } | undefined {
  const raw = bridge.api as unknown as {
    models?: Partial<ModelsApi>;
    on(channel: string, l: (p: unknown) => void): () => void;
  };
  const m = raw.models;
  if (!m || typeof m.list !== 'function') return undefined;
  return {
    api: m as ModelsApi,
    onProgress: (l) => raw.on('models:progress', (p) => l(p as ModelsProgressEvent)),
  };
}
