/**
 * Messages between main (InferenceClient) and the inference host. Both transports (Electron
 * utilityProcess postMessage, Node fork with serialization 'advanced') use structured clone, so typed
 * arrays such as Float32Array cross without JSON.
 */
export type ToHost =
  | { type: 'run'; id: number; task: string; payload: unknown }
  | { type: 'cancel'; id: number }
  | { type: 'ping'; id: number }
  | { type: 'dispose'; id: number };

export interface ProvidersReport {
  /** Providers that created a session, best first; always ends with 'cpu'. */
  available: string[];
  active: string;
  /** One line per provider that was tried and failed, saying why. */
  notes: string[];
}

export type FromHost =
  | { type: 'ready'; providers: ProvidersReport }
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: { code: string; message: string } }
  | { type: 'progress'; id: number; done: number; total: number; detail?: string };

export const HostErrorCode = {
  UnknownTask: 'inference/unknown-task',
  Cancelled: 'inference/cancelled',
  Failed: 'inference/failed',
  Crashed: 'inference/host-crashed',
  Stopped: 'inference/host-stopped',
} as const;
