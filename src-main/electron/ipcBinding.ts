import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { EventChannel, EventOf } from '../../src-shared/ipc/contract';
import { ErrorCode, REQUEST_CHANNELS } from '../../src-shared/ipc/contract';
import { handleRequest } from '../ipc/dispatcher';
import type { StudioServices } from '../services';
import { isTrustedUrl, type TrustedPage } from './trust';

/**
 * Binds every request channel to ipcMain.handle. The sender must be our window's webContents showing our
 * own page; the payload is parsed by the dispatcher before any service sees it. Answers are envelopes.
 */
export function bindIpc(
  services: StudioServices,
  trusted: () => WebContents | null,
  page: TrustedPage,
): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      const frameUrl = event.senderFrame?.url ?? '';
      if (event.sender !== trusted() || !isTrustedUrl(frameUrl, page)) {
        return {
          ok: false,
          error: {
            code: ErrorCode.Forbidden,
            message: `refused ${channel} from ${frameUrl || 'unknown sender'}`,
          },
        };
      }
      // File handles belong to the window they were issued to (services/files).
      return handleRequest(services, channel, payload, `window:${event.sender.id}`);
    });
  }
  return () => REQUEST_CHANNELS.forEach((c) => ipcMain.removeHandler(c));
}

/**
 * Sends an event to the window. `webContents.send` throws when the payload cannot be cloned or the window
 * is being destroyed; it is called from services' callbacks (progress, status), so the failure is logged
 * here instead of being thrown into the service that emitted the event. (A request's reply needs no such
 * guard: Electron's ipcMain.handle turns a reply that cannot be cloned into a rejection in the window.)
 */
export function sendToWindow<E extends EventChannel>(
  contents: WebContents | null | undefined,
  channel: E,
  payload: EventOf<E>,
): void {
  try {
    if (contents && !contents.isDestroyed()) contents.send(channel, payload);
  } catch (e) {
    console.error(`[${channel}] event not sent: ${(e as Error).message}`);
  }
}
