import { REQUEST_CHANNELS } from '../../src-shared/ipc/contract';
import { studioStore } from '../state/store';
import type { StudioApi } from './types';
import { createWebStudio, probeSession, socketUrl } from './webStudio';
import { WireClient, type SocketLike } from './wireClient';

declare global {
  interface Window {
    /** Exposed by the Electron preload (named functions only); absent in the browser host. */
    readonly studio?: StudioApi;
  }
}

export interface Bridge {
  readonly kind: 'electron' | 'web';
  readonly api: StudioApi;
}

function createBridge(): Bridge {
  if (window.studio) {
    studioStore.getState().setConnection('open');
    return { kind: 'electron', api: window.studio };
  }
  const client = new WireClient({
    url: socketUrl(window.location),
    // SocketLike is the subset used; DOM handler types are narrower only in their event parameter types.
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    onConnectionChange: (state) => studioStore.getState().setConnection(state),
    probeSession: () => probeSession(window.location),
  });
  window.addEventListener('pagehide', () => client.dispose());
  return { kind: 'web', api: createWebStudio(client, REQUEST_CHANNELS) };
}

/** The only module that touches window.studio or the WebSocket (DESIGN.md layout: bridge/). */
export const bridge: Bridge = createBridge();
