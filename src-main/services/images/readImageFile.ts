import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { ErrorCode, IMAGE_LIMITS, StudioError } from '../../../src-shared/ipc/contract';

/**
 * Reads an image file the user chose, bounded: regular files only (a FIFO would hold a thread of the pool
 * for good, /dev/zero never ends), at most IMAGE_LIMITS.maxBytes, and never more than the size it had when
 * opened (a file that grows meanwhile is refused, not read on and on). Opened non-blocking so a FIFO is
 * refused at once instead of waiting for a writer.
 */
export async function readImageFile(path: string): Promise<Buffer> {
  const name = basename(path);
  const fh = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(
    (e: NodeJS.ErrnoException) => {
      throw new StudioError(
        e.code === 'ENOENT' ? ErrorCode.NotFound : ErrorCode.NotAnImage,
        e.code === 'ENOENT'
          ? `"${name}" is no longer there. Choose the image again.`
          : `"${name}" could not be read (${e.code ?? e.message}). Choose another image.`,
      );
    },
  );
  try {
    const info = await fh.stat();
    if (!info.isFile())
      throw new StudioError(ErrorCode.NotAnImage, `"${name}" is not a file. Open a PNG, JPEG or WebP image.`);
    if (info.size > IMAGE_LIMITS.maxBytes) throw tooLarge(name, info.size);
    const buf = Buffer.alloc(info.size);
    let off = 0;
    while (off < buf.length) {
      const { bytesRead } = await fh.read(buf, off, buf.length - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    const extra = await fh.read(Buffer.alloc(1), 0, 1, off);
    if (extra.bytesRead > 0)
      throw new StudioError(ErrorCode.DecodeFailed, `"${name}" changed while it was read. Open it again.`);
    return off === buf.length ? buf : buf.subarray(0, off);
  } finally {
    await fh.close();
  }
}

export function tooLarge(name: string, bytes: number): StudioError {
  return new StudioError(
    ErrorCode.FileTooLarge,
    `"${name}" is ${Math.round(bytes / 2 ** 20)} MiB; files up to ${IMAGE_LIMITS.maxBytes / 2 ** 20} MiB can be opened. Save a smaller copy and open that.`,
  );
}
