import { randomBytes } from 'node:crypto';
import { copyFile, link, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
  try {
    await (await open(path, 'r')).close();
    return true;
  } catch {
    return false;
  }
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

/**
 * Writes `data` to `path` so that a crash at any moment leaves either the old or the new file complete:
 * temp file in the same folder, fsync, rename over, fsync the folder. With `backup`, the previous file is
 * kept as `<path>.bak` (hard-linked before the rename, so no copy and no window without a file).
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array,
  options: { backup?: boolean } = {},
): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await removeStaleTemps(path);
  const h = await open(tmp, 'wx', 0o644);
  try {
    try {
      // Large writes in chunks, so a kill lands mid-write rather than between two syscalls.
      for (let off = 0; off < data.byteLength; off += 8 << 20)
        await h.write(data, off, Math.min(8 << 20, data.byteLength - off));
      await h.sync();
    } finally {
      await h.close();
    }
    if (options.backup && (await exists(path))) {
      const bakTmp = `${tmp}.bak`;
      try {
        await link(path, bakTmp);
      } catch {
        await copyFile(path, bakTmp);
      }
      await rename(bakTmp, `${path}.bak`);
    }
    await rename(tmp, path);
    await fsyncDir(dir);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    await unlink(`${tmp}.bak`).catch(() => undefined);
    throw e;
  }
}
