import { createHash, type Hash } from 'node:crypto';
import { constants, type WriteStream } from 'node:fs';
import { mkdir, open, lstat, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { ModelError, isPaused, mapFsError, stoppedError, throwIfAborted } from './errors';
import { hashInto, sha256File } from './fsutil';
import { httpGet, isTransient, parseContentRange, shownUrl, statusError } from './http';
import type { NetworkPolicy } from './netPolicy';
import { ProgressMeter, type TransferProgress } from './progress';

export interface DownloadOptions {
  url: string;
  dest: string;
  /** Known SHA-256 (lower-case hex): a mismatch deletes the download. Absent = trust on first use. */
  sha256?: string | undefined;
  bytes?: number | undefined;
  token?: string | undefined;
  /** Origins the token may be sent to (http.ts HUB_TOKEN_ORIGINS by default). */
  tokenOrigins?: readonly string[] | undefined;
  /** Addresses the download may reach (netPolicy.ts); absent = the strict policy. */
  network?: NetworkPolicy | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: TransferProgress) => void) | undefined;
  /** Attempts without progress before giving up (a cut that made progress does not count). */
  retries?: number;
  backoffMs?: number;
  idleTimeoutMs?: number;
}

export interface DownloadResult {
  sha256: string;
  bytes: number;
}

/**
 * Downloads url -> dest through `dest.part`. The final name only ever holds a complete, verified file.
 *
 * What happens to the .part:
 * - network failures (after retries) keep it: the next call resumes with a Range request, re-hashing
 *   the bytes already there first;
 * - a pause (signal aborted with PAUSE_REASON) keeps it too, to resume from its last byte;
 * - a wrong checksum/size, an HTTP error (401/403/404/...), disk full or a cancel delete it: its bytes
 *   are either wrong or unwanted, and a refused download must leave nothing behind.
 */
export async function downloadFile(opts: DownloadOptions): Promise<DownloadResult> {
  const part = `${opts.dest}.part`;
  await mkdir(dirname(opts.dest), { recursive: true });
  const retries = opts.retries ?? 5;
  let failures = 0;
  for (;;) {
    throwIfAborted(opts.signal);
    const before = await sizeOf(part);
    try {
      const result = await attempt(opts, part);
      await finish(opts, part, result);
      return result;
    } catch (e) {
      if (opts.signal?.aborted) {
        // A pause keeps the bytes for the next run (resumed with a Range request); a cancel drops them.
        if (!isPaused(opts.signal)) await rm(part, { force: true });
        throw stoppedError(opts.signal, e);
      }
      if (!isTransient(e)) {
        await rm(part, { force: true }).catch(() => undefined); // a folder in its place stays, named in e
        throw e;
      }
      const progressed = (await sizeOf(part)) > before;
      failures = progressed ? 0 : failures + 1;
      if (failures > retries) {
        if (e instanceof ModelError) throw e;
        throw new ModelError(
          'network',
          `download failed after ${retries} retries: ${String(e)} (partial file kept for resuming)`,
          { cause: e },
        );
      }
      await sleep((opts.backoffMs ?? 500) * 2 ** Math.max(0, failures - 1), opts.signal);
    }
  }
}

async function attempt(opts: DownloadOptions, part: string): Promise<DownloadResult> {
  let offset = await resumeOffset(part);
  const { res, finalUrl, sentToken } = await httpGet({
    url: opts.url,
    token: opts.token,
    tokenOrigins: opts.tokenOrigins,
    network: opts.network,
    offset,
    signal: opts.signal,
    idleTimeoutMs: opts.idleTimeoutMs ?? 30_000,
  });
  const status = res.statusCode ?? 0;
  let total: number | undefined;
  if (status === 416 && offset > 0) {
    // Nothing left to send: the .part may already be complete (we died between download and rename).
    res.resume();
    const cr = parseContentRange(res.headers['content-range']?.replace('bytes */', 'bytes 0-0/'));
    if (cr?.total === offset) return sha256File(part);
    await rm(part, { force: true });
    throw Object.assign(new Error('range not satisfiable; restarting'), { code: 'ECONNRESET' });
  }
  if (status === 206) {
    const cr = parseContentRange(res.headers['content-range']);
    if (!cr || cr.start !== offset) {
      // A range we did not ask for: appending it would corrupt the file. Start over.
      res.resume();
      await rm(part, { force: true });
      throw Object.assign(new Error(`server sent range ${String(res.headers['content-range'])}`), {
        code: 'ECONNRESET',
      });
    }
    total = cr.total;
  } else if (status === 200) {
    offset = 0; // the server ignored Range: restart from byte 0 (writeBody truncates the .part)
    const len = Number(res.headers['content-length']);
    total = Number.isFinite(len) && res.headers['content-length'] !== undefined ? len : undefined;
  } else {
    res.resume();
    throw statusError(status, finalUrl, sentToken ? 'sent' : opts.token !== undefined ? 'withheld' : 'none');
  }
  total ??= opts.bytes;
  if (opts.bytes !== undefined && total !== undefined && total !== opts.bytes) {
    res.resume();
    throw new ModelError(
      'checksum',
      `${shownUrl(opts.url)}: server says ${total} bytes, expected ${opts.bytes}`,
    );
  }
  // Resuming: the hash must cover the bytes already on disk (streamed again, not trusted blindly).
  const hash = createHash('sha256');
  if (offset > 0) await hashInto(part, hash);
  const meter = new ProgressMeter(shownUrl(opts.url), total, offset, opts.onProgress);
  const received = await writeBody(res, part, offset, hash, meter, opts.signal);
  meter.done();
  if (total !== undefined && received !== total) {
    throw Object.assign(new Error(`transfer ended at ${received} of ${total} bytes`), { code: 'ECONNRESET' });
  }
  return { sha256: hash.digest('hex'), bytes: received };
}

async function writeBody(
  res: IncomingMessage,
  part: string,
  offset: number,
  hash: Hash,
  meter: ProgressMeter,
  signal: AbortSignal | undefined,
): Promise<number> {
  // O_NOFOLLOW: the .part is ours, never a link someone put in the downloads folder (appending to or
  // truncating the file it points at would change a file outside the models folder).
  const fh = await open(
    part,
    constants.O_WRONLY |
      constants.O_CREAT |
      (offset > 0 ? constants.O_APPEND : constants.O_TRUNC) |
      (constants.O_NOFOLLOW ?? 0),
    0o644,
  ).catch((e: unknown) => {
    throw mapFsError(e, part);
  });
  const out: WriteStream = fh.createWriteStream();
  let received = offset;
  let writeError: unknown;
  out.on('error', (e) => {
    writeError = e;
    res.destroy();
  });
  try {
    for await (const chunk of res) {
      if (writeError) break;
      const b = chunk as Buffer;
      hash.update(b);
      received += b.length;
      meter.add(b.length);
      if (!out.write(b)) await drained(out);
      if (signal?.aborted) break;
    }
  } catch (e) {
    if (!writeError) {
      out.end();
      await once(out, 'close').catch(() => undefined);
      throw e;
    }
  }
  if (!writeError) {
    out.end();
    await Promise.race([once(out, 'finish'), once(out, 'error')]).catch(() => undefined);
  }
  if (!out.closed) await once(out, 'close').catch(() => undefined);
  if (writeError) throw mapFsError(writeError, part);
  throwIfAborted(signal);
  return received;
}

/**
 * Waits for 'drain' (or 'error', handled above) and removes both listeners: racing two `once` promises
 * left one 'error' listener per drain behind, thousands over a multi-GB file.
 */
function drained(out: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('error', done);
  });
}

async function finish(opts: DownloadOptions, part: string, r: DownloadResult): Promise<void> {
  if (opts.bytes !== undefined && r.bytes !== opts.bytes) {
    throw new ModelError('checksum', `${opts.dest}: got ${r.bytes} bytes, expected ${opts.bytes}`);
  }
  if (opts.sha256 !== undefined && r.sha256 !== opts.sha256.toLowerCase()) {
    throw new ModelError(
      'checksum',
      `${shownUrl(opts.url)}: SHA-256 mismatch (expected ${opts.sha256}, got ${r.sha256}); the download was deleted`,
    );
  }
  const fh = await open(part, constants.O_RDWR | (constants.O_NOFOLLOW ?? 0));
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(part, opts.dest);
}

/** Bytes of the .part itself (a link counts as its own few bytes, never as what it points at). */
async function sizeOf(path: string): Promise<number> {
  try {
    return (await lstat(path)).size;
  } catch {
    return 0;
  }
}

/**
 * Where to resume: the size of a regular .part file. A symbolic link there was not made by the studio
 * (downloads write plain files): it is removed (the link only) and the download starts over; anything
 * else that is not a file (a folder, a pipe) is refused with what to do.
 */
async function resumeOffset(part: string): Promise<number> {
  const l = await lstat(part).catch(() => undefined);
  if (!l) return 0;
  if (l.isSymbolicLink()) {
    await rm(part, { force: true });
    return 0;
  }
  if (!l.isFile())
    throw new ModelError(
      'invalid',
      `${part} is not a regular file (a folder or pipe the studio did not make); remove it, then retry`,
    );
  return l.size;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort(): void {
      clearTimeout(t);
      reject(stoppedError(signal));
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}
