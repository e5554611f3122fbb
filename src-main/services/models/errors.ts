/** Error codes the UI and CLI turn into advice; `message` is already user-facing. */
export const modelErrorCodes = [
  'unauthorized', // 401: token needed or wrong
  'forbidden', // 403: gated repo, licence not accepted, or token lacks access
  'not-found', // 404
  'server', // 5xx after retries
  'refused-address', // a loopback/link-local address, or a redirect from the internet into the LAN (netPolicy.ts)
  'network', // connection failures after retries (the .part is kept for resumption)
  'http', // any other unexpected status
  'checksum', // SHA-256 or size mismatch (the file is deleted)
  'disk-full',
  'cancelled',
  'paused', // stopped on request; partial downloads kept, the same install resumes them
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

/** What a redacted token reads as in a message. */
export const TOKEN_SHOWN = '(a Hugging Face token, not shown)';

/**
 * `text` without any access token: the ones the caller knows (the stored one, the one in the request)
 * and anything shaped like a Hugging Face token (hf_ and 30+ letters and digits). A message can echo
 * input (a token pasted where an address was expected: "not a URL: hf_..."), and messages reach the
 * window, the terminal and logs, where a token must never appear.
 */
export function redactTokens(text: string, known: readonly (string | undefined)[] = []): string {
  let out = text.replace(/\bhf_[A-Za-z0-9]{30,}\b/g, TOKEN_SHOWN);
  for (const t of known) {
    // any case: a token pasted as a host name comes back lower-cased (getaddrinfo ENOTFOUND hf_...)
    if (t && t.length >= 8)
      out = out.replace(new RegExp(t.replace(/[^A-Za-z0-9]/g, '\\$&'), 'gi'), TOKEN_SHOWN);
  }
  return out;
}

export function isAbortError(e: unknown): boolean {
  return (
    (e instanceof ModelError && (e.code === 'cancelled' || e.code === 'paused')) ||
    (e instanceof Error && (e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR'))
  );
}

/**
 * The abort reason of a pause: the job stops like a cancel, but what it downloaded (finished files and
 * the .part of the file in flight) stays, and the same install started again resumes from the byte offset.
 */
export const PAUSE_REASON: unique symbol = Symbol('levitor.models.pause');

export function isPaused(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && signal.reason === PAUSE_REASON;
}

/** The error a stopped job ends with: 'paused' (resumable) or 'cancelled'. */
export function stoppedError(signal: AbortSignal | undefined, cause?: unknown): ModelError {
  return isPaused(signal)
    ? new ModelError('paused', 'paused: the partial download is kept; install again to resume', { cause })
    : new ModelError('cancelled', 'cancelled', { cause });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw stoppedError(signal);
}

/**
 * ENOSPC/EDQUOT, and EFBIG (a file over the file system's or the process's size limit: the same remedy for
 * the user), become a 'disk-full' ModelError; anything else is returned unchanged.
 */
export function mapFsError(e: unknown, what: string): unknown {
  const code = (e as { code?: string } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    const why = code === 'EFBIG' ? 'disk full or file too large' : 'disk full';
    return new ModelError('disk-full', `${why} while writing ${what}: free some space and retry`, {
      cause: e,
    });
  }
  return e;
}
