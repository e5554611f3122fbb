/** Error codes the UI and CLI turn into advice; `message` is already user-facing. */
export const modelErrorCodes = [
  'unauthorized', // 401: token needed or wrong
  'forbidden', // 403: gated repo, licence not accepted, or token lacks access
  'not-found', // 404
  'server', // 5xx after retries
  'network', // connection failures after retries (the .part is kept for resumption)
  'http', // any other unexpected status
  'checksum', // SHA-256 or size mismatch (the file is deleted)
  'disk-full',
  'cancelled',
  'invalid', // bad input: manifest, archive, arguments
  'unsafe-archive', // zip-slip, absurd sizes, zip bombs
  'exists',
  'not-installed',
  'unrecognized', // graph contract unknown
] as const;
export type ModelErrorCode = (typeof modelErrorCodes)[number];

export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isAbortError(e: unknown): boolean {
  return (
    (e instanceof ModelError && e.code === 'cancelled') ||
    (e instanceof Error && (e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR'))
  );
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ModelError('cancelled', 'cancelled');
}

/** ENOSPC/EDQUOT become a 'disk-full' ModelError; anything else is returned unchanged. */
export function mapFsError(e: unknown, what: string): unknown {
  const code = (e as { code?: string } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ModelError('disk-full', `disk full while writing ${what}: free some space and retry`, {
      cause: e,
    });
  }
  return e;
}
