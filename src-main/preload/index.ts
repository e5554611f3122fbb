import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, REQUEST_CHANNELS, type StudioApi } from '../../src-shared/ipc/contract';

/**
 * window.studio: one named function per request channel (`studio.image.importBytes(req)`) and
 * `studio.on(event, fn)` for the declared event channels only. No generic send is exposed.
 * Errors arrive as `{ ok: false, error }` envelopes so code and message survive the IPC boundary.
 */
type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

class StudioIpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const api: Record<string, Record<string, (req: unknown) => Promise<unknown>>> = {};
for (const channel of REQUEST_CHANNELS) {
  const [area = '', method = ''] = channel.split(':');
  api[area] ??= {};
  api[area][method] = async (req: unknown) => {
    const r = (await ipcRenderer.invoke(channel, req)) as Envelope;
    if (!r.ok) throw new StudioIpcError(r.error.code, r.error.message);
    return r.result;
  };
}

const events = new Set<string>(EVENT_CHANNELS);
const studio = {
  ...api,
  on(channel: string, listener: (payload: unknown) => void): () => void {
    if (!events.has(channel)) throw new Error(`unknown event channel ${channel}`);
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => void ipcRenderer.removeListener(channel, wrapped);
  },
} as unknown as StudioApi;

contextBridge.exposeInMainWorld('studio', studio);
