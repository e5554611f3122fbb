import {
  ErrorCode,
  isRequestChannel,
  requestChannels,
  type ResponseOf,
  StudioError,
} from '../../src-shared/ipc/contract';
import type { WireError } from '../../src-shared/ipc/wire';
import type { StudioServices } from '../services';
import { LOCAL_SCOPE, runInScope } from '../services/files/scope';

type CoreChannel =
  'app:getInfo' | 'image:openDialog' | 'image:openPath' | 'image:importBytes' | 'jobs:cancel';
type Handlers = {
  [C in CoreChannel]: (s: StudioServices, req: never) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

// One line per channel: the request is parsed before any of these runs.
const handlers: Handlers = {
  'app:getInfo': (s) => s.getInfo(),
  'image:openDialog': (s) => s.openDialog(),
  'image:openPath': (s, req: { handle: string }) => s.openPath(req.handle),
  'image:importBytes': (s, req: Parameters<StudioServices['importBytes']>[0]) => s.importBytes(req),
  'jobs:cancel': (s, req: { jobId: string }) => s.cancelJob(req.jobId),
};

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: WireError };

/**
 * The transport-agnostic entry: Electron's ipcMain handlers and the browser host's WebSocket both call
 * this. Never throws: unknown channels, bad payloads and service failures become typed errors. `scope`
 * names the connection (a window, a socket): file handles issued during the request belong to it, and
 * handles from any other connection are refused (services/files).
 */
export function handleRequest(
  services: StudioServices,
  channel: string,
  payload: unknown,
  scope: string = LOCAL_SCOPE,
): Promise<DispatchResult> {
  // Whatever happens (even outside a handler's own try), the caller gets an answer to send.
  return runInScope(scope, () => dispatch(services, channel, payload)).catch((e: unknown) => ({
    ok: false as const,
    error: { code: ErrorCode.Internal, message: `${channel} failed: ${describe(e)}` },
  }));
}

async function dispatch(
  services: StudioServices,
  channel: string,
  payload: unknown,
): Promise<DispatchResult> {
  if (!isRequestChannel(channel)) {
    return { ok: false, error: { code: ErrorCode.UnknownChannel, message: `unknown channel "${channel}"` } };
  }
  const parsed = requestChannels[channel].request.safeParse(payload ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
      .join('; ');
    return {
      ok: false,
      error: { code: ErrorCode.BadRequest, message: `bad request for ${channel}: ${issues}` },
    };
  }
  try {
    if (Object.hasOwn(handlers, channel)) {
      const handler = handlers[channel as CoreChannel] as (
        s: StudioServices,
        req: unknown,
      ) => Promise<unknown>;
      return { ok: true, result: await handler(services, parsed.data) };
    }
    const extra = services.extraHandlers[channel];
    if (!extra) {
      return {
        ok: false,
        error: { code: ErrorCode.UnknownChannel, message: `no service handles "${channel}" yet` },
      };
    }
    return { ok: true, result: await extra(payload ?? {}) };
  } catch (e) {
    if (e instanceof StudioError) return { ok: false, error: { code: e.code, message: e.message } };
    console.error(`[${channel}]`, e);
    return { ok: false, error: { code: ErrorCode.Internal, message: `${channel} failed: ${describe(e)}` } };
  }
}

/** Any thrown value as text, without throwing itself (`throw undefined`, an object whose getter throws). */
function describe(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'unknown error';
  }
}
