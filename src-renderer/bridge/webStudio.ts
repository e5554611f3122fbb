import type { StudioApi } from './types';
import type { WireClient } from './wireClient';

/**
 * StudioApi over the browser host's WebSocket. Every request channel "area:method" becomes
 * api[area][method](payload), the same shape the Electron preload exposes, so callers cannot tell the
 * transports apart. Payloads are validated by the host, which is the trust boundary.
 */
export function createWebStudio(client: WireClient, requestChannels: readonly string[]): StudioApi {
  const api: Record<string, Record<string, (payload: unknown) => Promise<unknown>>> = {};
  for (const channel of requestChannels) {
    const [area, method] = channel.split(':');
    if (!area || !method) throw new Error(`Channel "${channel}" is not "area:method"`);
    (api[area] ??= {})[method] = (payload: unknown) => client.request(channel, payload ?? {});
  }
  const on = (channel: string, listener: (payload: unknown) => void) => client.on(channel, listener);
  return { ...api, on } as unknown as StudioApi;
}

/** ws://host/ws?token=... on the page's own origin, with the token the host printed in the page URL. */
export function socketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>, path = '/ws'): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}?token=${encodeURIComponent(token)}`;
}

/** Asks the page's host whether this page's token is still its own (src-main/hosts/browserServer.ts). */
export async function probeSession(
  location: Pick<Location, 'origin' | 'search'>,
): Promise<'current' | 'gone' | 'unreachable'> {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  try {
    const r = await fetch(`${location.origin}/session?token=${encodeURIComponent(token)}`, {
      cache: 'no-store',
    });
    return r.status === 204 ? 'current' : r.status === 410 ? 'gone' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}
