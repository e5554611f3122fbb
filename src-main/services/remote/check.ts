import { RemoteError, RemoteErrorCode } from './errors';
import type { TritonClient } from './tritonClient';

/** The decoupled BLS model that runs the whole sampling loop on the server. */
export const GENERATE_MODEL = 'levitor_generate';
/** The graph models it calls each step; all must be loaded for a take to run. */
export const GRAPH_MODELS = [
  'levitor_image_encoder',
  'levitor_vae_encoder',
  'levitor_denoiser',
  'levitor_vae_decoder',
] as const;

export interface ConnectionCheck {
  ok: boolean;
  server: string;
  live: boolean;
  ready: boolean;
  models: { name: string; ready: boolean }[];
  /** the server's pack identity (levitor_generate's pack_sha256 parameter), when it has one */
  serverPack: string | null;
  expectedPack: string | null;
  /** one sentence: what is fine, or what is wrong and what to do */
  message: string;
}

/**
 * Settings -> Compute "Test connection": liveness, readiness, every model the studio needs, and that the
 * server's pack is the pack the project expects. Never throws for a server that answers; a server that
 * cannot be reached comes back as ok: false with the reason.
 */
export async function checkConnection(
  client: TritonClient,
  expectedPack: string | null,
): Promise<ConnectionCheck> {
  const base = {
    server: client.display,
    expectedPack,
    serverPack: null,
    models: [],
    live: false,
    ready: false,
  };
  try {
    const live = await client.serverLive();
    const ready = live && (await client.serverReady());
    const models = await Promise.all(
      [GENERATE_MODEL, ...GRAPH_MODELS].map(async (name) => ({ name, ready: await client.modelReady(name) })),
    );
    const missing = models.filter((m) => !m.ready).map((m) => m.name);
    const serverPack =
      (models[0]?.ready && (await client.modelConfig(GENERATE_MODEL)).parameters['pack_sha256']) || null;
    const r = { ...base, live, ready, models, serverPack };
    if (!live || !ready)
      return {
        ...r,
        ok: false,
        message: `The server at ${client.display} answers but is not ready yet; try again shortly.`,
      };
    if (missing.length > 0)
      return {
        ...r,
        ok: false,
        message: `The server is ready but these models are not loaded: ${missing.join(', ')}.`,
      };
    if (!serverPack)
      return {
        ...r,
        ok: false,
        message: `${GENERATE_MODEL} on the server does not say which pack it serves (pack_sha256).`,
      };
    if (expectedPack && serverPack !== expectedPack)
      return { ...r, ok: false, message: packMismatch(serverPack, expectedPack) };
    return {
      ...r,
      ok: true,
      message: expectedPack
        ? `Connected: ${client.display} serves the installed video pack.`
        : `Connected to ${client.display}; install the video pack here to check it is the same pack.`,
    };
  } catch (e) {
    return { ...base, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

function packMismatch(server: string, expected: string): string {
  return (
    `The server serves another video pack (${server.slice(0, 12)}...) than the one installed here ` +
    `(${expected.slice(0, 12)}...): its takes would differ. Serve the same pack (levitor models triton-repo) ` +
    "or install the server's pack here."
  );
}

/** Before a job: levitor_generate is loaded and serves the expected pack, else a RemoteError. */
export async function checkServerPack(client: TritonClient, expectedPack: string): Promise<void> {
  if (!(await client.modelReady(GENERATE_MODEL)))
    throw new RemoteError(
      RemoteErrorCode.NotReady,
      `The server at ${client.display} has not loaded ${GENERATE_MODEL}. Check the server's log, then retry.`,
    );
  const serverPack = (await client.modelConfig(GENERATE_MODEL)).parameters['pack_sha256'] ?? '';
  if (serverPack !== expectedPack)
    throw new RemoteError(RemoteErrorCode.PackMismatch, packMismatch(serverPack || 'none', expectedPack));
}
