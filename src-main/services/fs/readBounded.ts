import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Why a bounded read was refused: `not-found`; `not-file` (a folder, FIFO, socket or device: a FIFO would
 * hold a thread of the pool for good, /dev/zero never ends); `too-large` (over the caller's bound);
 * `changed` (the file grew while it was read); `io` (anything else, the errno in the message).
 */
export class BoundedReadError extends Error {
  override readonly name = 'BoundedReadError';
  constructor(
    readonly code: 'not-found' | 'not-file' | 'too-large' | 'changed' | 'io',
    readonly path: string,
    message: string,
    /** The file's size (`too-large`) or the system's error code (`io`, `not-found`). */
    readonly detail: { size?: number; errno?: string } = {},
  ) {
    super(message);
  }
}

/** The buffer for an opened file: a regular file within the bound (checked on the descriptor), else refused. */
function bufferFor(info: Stats, path: string, maxBytes: number): Buffer {
  if (!info.isFile()) throw new BoundedReadError('not-file', path, `${path} is not a regular file`);
  if (info.size > maxBytes)
    throw new BoundedReadError(
      'too-large',
      path,
      `${path} is ${info.size} bytes (at most ${maxBytes} are read)`,
      {
        size: info.size,
      },
    );
  return Buffer.alloc(info.size);
}

export interface ReadBoundedOptions {
  /**
   * Refuse a symbolic link as the last component (O_NOFOLLOW; `not-file`). The check and the read are
   * one open, so the file cannot be swapped for a link between them.
   */
  noFollow?: boolean;
}

/**
 * Reads a file named by outside input (a dialog, a CLI argument, a file in a folder others can write)
 * with a bound: regular files only, at most `maxBytes`, never more than the size it had when opened.
 * Opened non-blocking, so a FIFO is refused at once instead of waiting for a writer. Every check is made
 * on the open descriptor (never stat-then-open), so what is checked is what is read.
 */
export async function readBounded(
  path: string,
  maxBytes: number,
  opts: ReadBoundedOptions = {},
): Promise<Buffer> {
  const noFollow = opts.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0;
  const fh = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | noFollow).catch(
    (e: NodeJS.ErrnoException) => {
      // O_NOFOLLOW on a link fails with ELOOP (Linux, macOS) or EMLINK (FreeBSD).
      const link = noFollow !== 0 && (e.code === 'ELOOP' || e.code === 'EMLINK');
      throw new BoundedReadError(
        e.code === 'ENOENT' ? 'not-found' : e.code === 'EISDIR' || link ? 'not-file' : 'io',
        path,
        link ? `${path} is a symbolic link` : `${path} could not be opened (${e.code ?? e.message})`,
        { errno: e.code ?? e.message },
      );
    },
  );
  try {
    const buf = bufferFor(await fh.stat(), path, maxBytes);
    let off = 0;
    while (off < buf.length) {
      const { bytesRead } = await fh.read(buf, off, buf.length - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    if ((await fh.read(Buffer.alloc(1), 0, 1, off)).bytesRead > 0)
      throw new BoundedReadError('changed', path, `${path} changed while it was read`);
    return off === buf.length ? buf : buf.subarray(0, off);
  } finally {
    await fh.close();
  }
}

/**
 * readBounded for the few synchronous readers (a pack manifest read where the caller cannot wait): the
 * same rules, so a FIFO is refused at once instead of blocking the calling thread, which in main is the
 * whole app.
 */
export function readBoundedSync(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BoundedReadError(
      code === 'ENOENT' ? 'not-found' : code === 'EISDIR' ? 'not-file' : 'io',
      path,
      `${path} could not be opened (${code ?? (e as Error).message})`,
      { errno: code ?? (e as Error).message },
    );
  }
  try {
    const buf = bufferFor(fstatSync(fd), path, maxBytes);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    if (readSync(fd, Buffer.alloc(1), 0, 1, off) > 0)
      throw new BoundedReadError('changed', path, `${path} changed while it was read`);
    return off === buf.length ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}
