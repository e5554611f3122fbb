import { constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { access, copyFile, link, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ProjectError } from '../../../src-shared/project';

/**
 * Why a write could not finish. `disk-full`: no space (or a file-size limit); `read-only`: the target or
 * its folder cannot be written; `io`: anything else. The previous file is untouched in every case.
 */
export class WriteError extends Error {
  override readonly name = 'WriteError';
  constructor(
    readonly code: 'disk-full' | 'read-only' | 'io',
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const FULL = new Set(['ENOSPC', 'EFBIG', 'EDQUOT']);
const DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);

function writeError(path: string, cause: unknown): WriteError {
  if (cause instanceof WriteError) return cause;
  const code = (cause as NodeJS.ErrnoException).code ?? '';
  const kept = 'The previous file was left as it was.';
  if (FULL.has(code))
    return new WriteError(
      'disk-full',
      path,
      `${basename(path)} could not be written: the disk is full or the file is too large (${code}). ${kept}`,
      { cause },
    );
  if (DENIED.has(code))
    return new WriteError(
      'read-only',
      path,
      `${basename(path)} could not be written: the file or its folder is read-only (${code}). ${kept}`,
      { cause },
    );
  return new WriteError(
    'io',
    path,
    `${basename(path)} could not be written: ${(cause as Error).message}. ${kept}`,
    {
      cause,
    },
  );
}

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; some filesystems refuse to open a directory, which is not fatal.
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    /* best effort */
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files of earlier writes to `path` whose writer process is gone (a killed save). */
export async function removeStaleTemps(path: string): Promise<string[]> {
  const prefix = `.${basename(path)}.`;
  const removed: string[] = [];
  for (const n of await readdir(dirname(path)).catch(() => [] as string[])) {
    const m = n.startsWith(prefix) ? /^(\d+)\.[0-9a-f]{8}\.tmp(\.bak)?$/.exec(n.slice(prefix.length)) : null;
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) {
      await unlink(join(dirname(path), n)).catch(() => undefined);
      removed.push(n);
    }
  }
  return removed;
}

/** Writes to one path run one after another (two saves of one file never interleave their temp/backup steps). */
const queues = new Map<string, Promise<unknown>>();

function serialised<T>(path: string, run: () => Promise<T>): Promise<T> {
  const key = resolve(path);
  const next = (queues.get(key) ?? Promise.resolve()).then(run, run);
  const tail = next.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return next;
}

/**
 * An existing file the user marked read-only (no owner write bit: root could still write it) or that this
 * process may not write. A missing file is not read-only.
 */
async function readOnly(path: string): Promise<boolean> {
  const st = await stat(path).catch(() => null);
  if (!st?.isFile()) return false;
  return (
    (st.mode & 0o200) === 0 ||
    !(await access(path, constants.W_OK).then(
      () => true,
      () => false,
    ))
  );
}

/** Writes every byte: a write may take fewer bytes than asked (a full disk, a file-size limit). */
async function writeAll(h: Awaited<ReturnType<typeof open>>, data: Uint8Array): Promise<void> {
  // Large writes in chunks, so a kill lands mid-write rather than between two syscalls.
  for (let off = 0; off < data.byteLength;) {
    const { bytesWritten } = await h.write(data, off, Math.min(8 << 20, data.byteLength - off));
    if (bytesWritten <= 0) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
    off += bytesWritten;
  }
}

/**
 * Writes `data` to `path` so that a crash or a failure at any moment leaves either the old or the new file
 * complete: temp file in the same folder, every byte written, fsync, rename over, fsync the folder. With
 * `backup`, the previous file is kept as `<path>.bak` (hard-linked before the rename, so no copy and no
 * window without a file). An existing target that is read-only is refused, not replaced (the folder's
 * permission would let a rename replace it). Every failure is a `WriteError` saying why.
 */
export function writeFileAtomic(
  path: string,
  data: Uint8Array,
  options: { backup?: boolean } = {},
): Promise<void> {
  return serialised(path, () => write(path, data, options));
}

async function write(path: string, data: Uint8Array, options: { backup?: boolean }): Promise<void> {
  const dir = dirname(path);
  if (await readOnly(path))
    throw new WriteError(
      'read-only',
      path,
      `${basename(path)} is read-only; it was not replaced. Save under another name, or make the file writable and save again.`,
    );
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const bakTmp = `${tmp}.bak`;
  await removeStaleTemps(path);
  try {
    const h = await open(tmp, 'wx', 0o644);
    try {
      await writeAll(h, data);
      await h.sync();
    } finally {
      await h.close();
    }
    if (options.backup && (await exists(path))) {
      try {
        await link(path, bakTmp);
      } catch {
        await copyFile(path, bakTmp);
      }
      await rename(bakTmp, `${path}.bak`);
      // rename() does nothing when both names are links to one file (the .bak already is this file).
      await unlink(bakTmp).catch(() => undefined);
    }
    await rename(tmp, path);
    await fsyncDir(dir);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    await unlink(bakTmp).catch(() => undefined);
    throw writeError(path, e);
  }
}

/** A failed write as the studio reports it: what happened (the previous file is intact) and what to do. */
export function toProjectError(e: unknown): unknown {
  if (!(e instanceof WriteError)) return e;
  const hint =
    e.code === 'disk-full'
      ? 'Free some disk space, or save to another disk.'
      : e.code === 'read-only'
        ? 'Save under another name or in another folder.'
        : 'Try again, or save under another name.';
  return new ProjectError('io', e.message, hint, { cause: e });
}
