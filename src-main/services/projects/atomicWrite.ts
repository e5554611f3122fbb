import { randomBytes } from 'node:crypto';
import { copyFile, link, open, rename, unlink } from 'node:fs/promises';
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
