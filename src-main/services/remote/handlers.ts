import { computeChannels, type ComputeChannel } from '../../../src-shared/compute/ipc';
import { StudioError } from '../../../src-shared/ipc/contract';
import { checkConnection } from './check';
import type { ComputeSettingsStore } from './computeSettings';
import { TritonClient } from './tritonClient';
import { checkHeaders, parseServerUrl, RemoteConfigError, sameServer } from './url';

/**
 * `compute:*` handlers. Saved header values are reused only for the server they were saved for: a token
 * never goes to a host the user did not type it for.
 */
export function createComputeHandlers(
  store: ComputeSettingsStore,
  expectedPack: () => Promise<string | null>,
): Record<ComputeChannel, (payload: unknown) => Promise<unknown>> {
  const headersFor = async (url: string, given: Record<string, string> | undefined) => {
    if (given) return given;
    const saved = await store.read();
    return sameServer(saved.url, url) ? saved.headers : {};
  };
  const valid = (url: string, headers: Record<string, string>) => {
    try {
      checkHeaders(headers, parseServerUrl(url));
    } catch (e) {
      if (e instanceof RemoteConfigError) throw new StudioError('compute/bad-server', e.message);
      throw e;
    }
  };
  return {
    'compute:get': async (p) => {
      computeChannels['compute:get'].request.parse(p);
      return store.view(await store.read());
    },
    'compute:set': async (p) => {
      const r = computeChannels['compute:set'].request.parse(p);
      const headers = await headersFor(r.url, r.headers);
      if (r.mode === 'triton') valid(r.url, headers);
      return store.view(await store.write({ mode: r.mode, url: r.url, headers }));
    },
    'compute:test': async (p) => {
      const r = computeChannels['compute:test'].request.parse(p);
      const headers = await headersFor(r.url, r.headers);
      valid(r.url, headers);
      const client = new TritonClient({ url: r.url, headers });
      try {
        return await checkConnection(client, await expectedPack());
      } finally {
        client.close();
      }
    },
  };
}
