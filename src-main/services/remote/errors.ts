import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';

/** What went wrong with the remote server, as a code the queue maps to a sentence the artist can act on. */
export const RemoteErrorCode = {
  Config: 'remote/config',
  Unreachable: 'remote/unreachable',
  Unauthenticated: 'remote/unauthenticated',
  NotReady: 'remote/not-ready',
  PackMismatch: 'remote/pack-mismatch',
  OutOfMemory: 'remote/out-of-memory',
  ConnectionLost: 'remote/connection-lost',
  Cancelled: 'remote/cancelled',
  Failed: 'remote/failed',
} as const;
export type RemoteErrorCodeValue = (typeof RemoteErrorCode)[keyof typeof RemoteErrorCode];

export class RemoteError extends Error {
  override readonly name = 'RemoteError';
  constructor(
    readonly code: RemoteErrorCodeValue,
    message: string,
  ) {
    super(message);
  }
}

const OOM = /out of memory|CUDA_ERROR_OUT_OF_MEMORY|cudaErrorMemoryAllocation|failed to allocate|bad_alloc/i;

function isServiceError(e: unknown): e is ServiceError {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'number';
}

/** The server's own words go into messages, but a server can say anything: at most this many characters. */
const MAX_DETAIL_CHARS = 500;

function serverWords(e: unknown): string {
  const raw = isServiceError(e) ? e.details || e.message : e instanceof Error ? e.message : String(e);
  // One line, no control characters (they would garble a log or a terminal), bounded.
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const flat = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MAX_DETAIL_CHARS ? `${flat.slice(0, MAX_DETAIL_CHARS)}...` : flat;
}

/**
 * A failed call -> RemoteError. `started`: the server had already answered on this call (so an
 * unavailable transport means the connection was lost mid-job, not that the server cannot be reached).
 * `maxReceiveBytes`: the client's bound on one message, named when the server sent a larger one.
 */
export function remoteFailure(
  e: unknown,
  server: string,
  started: boolean,
  maxReceiveBytes?: number,
): RemoteError {
  if (e instanceof RemoteError) return e;
  const detail = serverWords(e);
  if (isServiceError(e) && e.code === GrpcStatus.RESOURCE_EXHAUSTED && /larger than max/i.test(detail))
    return new RemoteError(
      RemoteErrorCode.Failed,
      `The server at ${server} sent a reply larger than ${maxReceiveBytes ? `${Math.round(maxReceiveBytes / 1024 ** 2)} MB` : 'the limit'}, ` +
        "more than a take of this video pack can be; it was refused. Check that the server runs the studio's " +
        'levitor_generate for the same pack.',
    );
  if (OOM.test(detail))
    return new RemoteError(
      RemoteErrorCode.OutOfMemory,
      `The server at ${server} ran out of GPU memory (${detail}). Free the GPU or use a server with more ` +
        'memory, then retry.',
    );
  if (/pack mismatch/i.test(detail))
    return new RemoteError(
      RemoteErrorCode.PackMismatch,
      `The server at ${server} refused the job: ${detail}`,
    );
  if (!isServiceError(e))
    return new RemoteError(RemoteErrorCode.Failed, `The server at ${server} failed the job: ${detail}`);
  switch (e.code) {
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.DEADLINE_EXCEEDED:
      return started
        ? new RemoteError(
            RemoteErrorCode.ConnectionLost,
            `The connection to ${server} was lost during the job (${detail}). Nothing was saved; retry when ` +
              'the server is back.',
          )
        : new RemoteError(
            RemoteErrorCode.Unreachable,
            `The Triton server at ${server} cannot be reached (${detail}). Check the address and that the ` +
              'server runs, then retry.',
          );
    case GrpcStatus.UNAUTHENTICATED:
    case GrpcStatus.PERMISSION_DENIED:
      return new RemoteError(
        RemoteErrorCode.Unauthenticated,
        `The server at ${server} refused the credentials (${detail}). Check the headers in Settings -> Compute.`,
      );
    case GrpcStatus.NOT_FOUND:
      return new RemoteError(
        RemoteErrorCode.NotReady,
        `The server at ${server} has no such model: ${detail}`,
      );
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return new RemoteError(
        RemoteErrorCode.OutOfMemory,
        `The server at ${server} is out of resources (${detail}). Retry later or on a larger server.`,
      );
    default:
      return started
        ? new RemoteError(
            RemoteErrorCode.ConnectionLost,
            `The job on ${server} stopped: ${detail}. Retry it.`,
          )
        : new RemoteError(RemoteErrorCode.Failed, `The server at ${server} failed the request: ${detail}`);
  }
}
