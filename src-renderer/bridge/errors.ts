/** An error reported by the studio host (or by the transport), with a stable code the UI can map to help. */
export class StudioError extends Error {
  override readonly name = 'StudioError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const TransportErrorCode = {
  /** The connection dropped before the answer came; the host may or may not have done the work. */
  ConnectionLost: 'transport/connection-lost',
  /** The host restarted with a new link (token): this page can no longer reach it. */
  HostRestarted: 'transport/host-restarted',
  /** The page was closed or the client disposed. */
  Disposed: 'transport/disposed',
} as const;
