import { UPLOAD_BLOB, UPLOAD_PIECE_BYTES } from '../../src-shared/ipc/upload';
import { bridge } from '.';

/** Bytes to send: an array already in memory, or a file the page was given (read a piece at a time). */
export type Source = Uint8Array | Blob;

/** `(bytes sent, total)` after each piece. */
export type Progress = (sent: number, total: number) => void;

let drawn = 0;

/** A fresh upload id (time, a counter and randomness: two windows never draw the same). */
export function newUploadId(): string {
  return `${Date.now().toString(36)}-${(++drawn).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

const sizeOf = (s: Source): number => (s instanceof Uint8Array ? s.byteLength : s.size);

/**
 * Bytes `a..b` of the source with a buffer of their own: Electron's structured clone of a view carries its
 * whole backing buffer, and a File is read only a piece at a time (no readAsDataURL, no whole-file copy).
 */
async function piece(s: Source, a: number, b: number): Promise<Uint8Array> {
  if (s instanceof Uint8Array) return s.slice(a, b);
  return new Uint8Array(await s.slice(a, b).arrayBuffer());
}

/** The array itself when it owns its buffer, else a copy that does (see `piece`). */
export function own<T extends Uint8Array | Float32Array>(a: T): T {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : (a.slice() as T);
}

/**
 * Sends `source` as entry `name` of upload `upload`, one `upload:piece` message per UPLOAD_PIECE_BYTES,
 * each awaited before the next is read: the page never holds more than a piece beyond the source itself.
 */
export async function sendPieces(
  upload: string,
  name: string,
  source: Source,
  onProgress?: Progress,
): Promise<void> {
  const total = sizeOf(source);
  const parts = Math.max(1, Math.ceil(total / UPLOAD_PIECE_BYTES));
  for (let part = 0; part < parts; part++) {
    const a = part * UPLOAD_PIECE_BYTES;
    const b = Math.min(total, a + UPLOAD_PIECE_BYTES);
    await bridge.api.upload.piece({ upload, name, part, parts, bytes: await piece(source, a, b) });
    onProgress?.(b, total);
  }
}

/** Drops an upload main may hold part of (best effort: main also drops it after ten minutes). */
export function discardUpload(upload: string): void {
  void bridge.api.upload.discard({ upload }).catch(() => undefined);
}

/**
 * A file's bytes for a request that takes `{ bytes } | { upload }` (src-shared/ipc/upload.ts fileData):
 * inline when they fit one piece, else sent ahead in pieces with progress. On failure, what main holds of
 * the upload is dropped.
 */
export async function fileBytes(
  source: Source,
  onProgress?: Progress,
): Promise<{ bytes: Uint8Array } | { upload: string }> {
  const total = sizeOf(source);
  if (total <= UPLOAD_PIECE_BYTES) {
    const bytes = await piece(source, 0, total);
    onProgress?.(total, total);
    return { bytes };
  }
  const upload = newUploadId();
  try {
    await sendPieces(upload, UPLOAD_BLOB, source, onProgress);
  } catch (err) {
    discardUpload(upload);
    throw err;
  }
  return { upload };
}
