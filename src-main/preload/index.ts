import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, REQUEST_CHANNELS, type StudioApi } from '../../src-shared/ipc/contract';

/**
 * window.studio: one named function per request channel (`studio.image.importBytes(req)`) and
 * `studio.on(event, fn)` for the declared event channels only. No generic send is exposed.
 * Errors arrive from main as `{ ok: false, error }` envelopes. An Error crossing contextBridge keeps only
 * its message, so the rejection's message is `[<code>] <message>` (see src-shared/ipc/README.md).
 */
type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

const api: Record<string, Record<string, (req: unknown) => Promise<unknown>>> = {};
for (const channel of REQUEST_CHANNELS) {
  const [area = '', method = ''] = channel.split(':');
  api[area] ??= {};
  api[area][method] = async (req: unknown) => {
    const r = (await ipcRenderer.invoke(channel, req)) as Envelope;
    if (!r.ok) throw new Error(`[${r.error.code}] ${r.error.message}`);
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
