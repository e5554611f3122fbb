import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
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
