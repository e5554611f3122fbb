import { UPLOAD_BLOB, UPLOAD_PIECE_BYTES } from '../../../src-shared/ipc/upload';

/**
 * Sends `bytes` ahead with upload:piece, one piece a message, as the page does (src-renderer/bridge/upload.ts);
 * resolves to the upload id a request then names.
 */
export async function uploadBlob(
  call: (channel: string, payload: unknown) => Promise<unknown>,
  bytes: Uint8Array,
  upload = `test-${Math.random().toString(36).slice(2, 10)}`,
  name = UPLOAD_BLOB,
): Promise<string> {
  const parts = Math.max(1, Math.ceil(bytes.length / UPLOAD_PIECE_BYTES));
  // A plain Uint8Array view, as the page has (a Node Buffer's toJSON would run before the codec's replacer).
  const plain = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let part = 0; part < parts; part++)
    await call('upload:piece', {
      upload,
      name,
      part,
      parts,
      bytes: plain.subarray(part * UPLOAD_PIECE_BYTES, (part + 1) * UPLOAD_PIECE_BYTES),
    });
  return upload;
}
