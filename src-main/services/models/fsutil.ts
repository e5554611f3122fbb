import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, posix, relative, sep } from 'node:path';
import { ModelError, mapFsError } from './errors';

/** Writes via temp file + fsync + rename (+ directory fsync), so readers see the old or the new file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await mkdir(dirname(path), { recursive: true });
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw mapFsError(e, path);
  }
  await fsyncDir(dirname(path));
}

export async function fsyncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename durable on Linux; Windows cannot open directories, ignore there.
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* not supported on this platform */
  }
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Streams the file through SHA-256 (never loads it whole: graphs reach several GB). */
export async function sha256File(
  path: string,
  onBytes?: (n: number) => void,
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  const bytes = await hashInto(path, hash, onBytes);
  return { sha256: hash.digest('hex'), bytes };
}

/** Feeds the file into `hash` without finishing it (a resumed download keeps hashing the rest). */
export async function hashInto(path: string, hash: Hash, onBytes?: (n: number) => void): Promise<number> {
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    hash.update(b);
    bytes += b.length;
    onBytes?.(b.length);
  }
  return bytes;
}

export interface LocalFile {
  /** POSIX path relative to the walked root. */
  path: string;
  absPath: string;
  bytes: number;
}

/**
 * Regular files under root, sorted by path. Symlinks, FIFOs and devices are skipped: an install copies
 * real files only. More than `maxFiles` stops the walk (a model is a handful of files; a wrongly picked
 * home folder is not walked to the end).
 */
export async function walkFiles(root: string, maxFiles = Infinity): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  async function walk(dir: string): Promise<void> {
    for (const ent of await readdir(dir, { withFileTypes: true })) {
      const abs = join(dir, ent.name);
      if (ent.isDirectory()) await walk(abs);
      else if (ent.isFile()) {
        if (out.length >= maxFiles) {
          throw new ModelError('invalid', `${root} holds more than ${maxFiles} files: not a model folder`);
        }
        const s = await stat(abs);
        out.push({ path: relative(root, abs).split(sep).join(posix.sep), absPath: abs, bytes: s.size });
      }
    }
  }
  await walk(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export function randomSuffix(): string {
  return randomBytes(6).toString('hex');
}
