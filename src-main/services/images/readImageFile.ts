import { basename } from 'node:path';
import { ErrorCode, IMAGE_LIMITS, StudioError } from '../../../src-shared/ipc/contract';
import { BoundedReadError, readBounded } from '../fs/readBounded';

/**
 * Reads an image file the user chose, bounded (`readBounded`): regular files only, at most
 * IMAGE_LIMITS.maxBytes, never more than the size it had when opened.
 */
export async function readImageFile(path: string): Promise<Buffer> {
  const name = basename(path);
  try {
    return await readBounded(path, IMAGE_LIMITS.maxBytes);
  } catch (e) {
    if (!(e instanceof BoundedReadError)) throw e;
    switch (e.code) {
      case 'not-found':
        throw new StudioError(ErrorCode.NotFound, `"${name}" is no longer there. Choose the image again.`);
      case 'not-file':
        throw new StudioError(
          ErrorCode.NotAnImage,
          `"${name}" is not a file. Open a PNG, JPEG or WebP image.`,
        );
      case 'too-large':
        throw tooLarge(name, e.detail.size ?? 0);
      case 'changed':
        throw new StudioError(ErrorCode.DecodeFailed, `"${name}" changed while it was read. Open it again.`);
      default:
        throw new StudioError(
          ErrorCode.NotAnImage,
          `"${name}" could not be read (${e.detail.errno ?? e.message}). Choose another image.`,
        );
    }
  }
}

export function tooLarge(name: string, bytes: number): StudioError {
  return new StudioError(
    ErrorCode.FileTooLarge,
    `"${name}" is ${Math.round(bytes / 2 ** 20)} MiB; files up to ${IMAGE_LIMITS.maxBytes / 2 ** 20} MiB can be opened. Save a smaller copy and open that.`,
  );
}
