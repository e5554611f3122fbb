import { z } from 'zod';
import { entryName } from '../project/schema';

/**
 * Bytes from the renderer to main (image files, project files, depth maps, project entries) travel as
 * bytes, never as base64 text: a structured clone in Electron, a binary WebSocket message in the browser
 * host (wireBinary.ts). Data of one piece or less goes inline in its request; anything larger is sent
 * ahead with `upload:piece` under an upload id the renderer draws, and the request names that id. So no
 * request message is larger than one piece plus its JSON, and main holds at most the caps below.
 */

/** Bytes per piece: a 512 MiB file is 256 messages; each is copied and sent in about a millisecond. */
export const UPLOAD_PIECE_BYTES = 2 << 20;
/** The most one upload (all its entries) may hold in main: a 512 MiB image file, or a project file. */
export const UPLOAD_MAX_BYTES = 576 << 20;
/** The most all uploads in progress may hold in main together. */
export const UPLOADS_TOTAL_BYTES = 768 << 20;
/** Pieces of the largest upload entry. */
export const UPLOAD_MAX_PARTS = UPLOAD_MAX_BYTES / UPLOAD_PIECE_BYTES;
/** The entry name a single-blob upload (an image or project file, a depth map) uses. */
export const UPLOAD_BLOB = 'blob';

/** Drawn by the renderer; letters, digits, `-` and `_`. */
export const UploadId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'upload id has illegal characters');

/** A Uint8Array of at most `max` bytes (a Node Buffer is one too). */
export function bytesUpTo(max: number) {
  return z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected bytes (Uint8Array)' })
    .refine((v) => v.byteLength <= max, { message: `more than ${max} bytes` });
}

/** A Float32Array of at most `max` values. */
export function floatsUpTo(max: number) {
  return z
    .custom<Float32Array>((v) => v instanceof Float32Array, { message: 'expected a Float32Array' })
    .refine((v) => v.length <= max, { message: `more than ${max} values` });
}

/** One piece's worth of bytes, inline in a request. */
export const InlineBytes = bytesUpTo(UPLOAD_PIECE_BYTES);

/**
 * A file's bytes in a request: `bytes` inline (one piece at most) or `upload`, the id of an upload whose
 * UPLOAD_BLOB entry was sent ahead. Exactly one of the two.
 */
export const fileData = z
  .object({
    name: z.string().min(1).max(1024),
    bytes: InlineBytes.optional(),
    upload: UploadId.optional(),
  })
  .strict()
  .refine((r) => (r.bytes === undefined) !== (r.upload === undefined), {
    message: 'give either bytes or upload',
  });

export const uploadChannels = {
  /**
   * One piece of entry `name` of upload `upload` (pieces 0..parts-1, in order; piece 0 starts the entry
   * afresh; every piece but the last is UPLOAD_PIECE_BYTES). `held`: the entry's bytes main holds now.
   */
  'upload:piece': {
    request: z
      .object({
        upload: UploadId,
        name: entryName,
        part: z
          .number()
          .int()
          .min(0)
          .max(UPLOAD_MAX_PARTS - 1),
        parts: z.number().int().min(1).max(UPLOAD_MAX_PARTS),
        bytes: InlineBytes,
      })
      .strict()
      .refine((r) => r.part < r.parts, { message: 'part must be below parts' }),
    response: z.object({ held: z.number() }),
  },
  /** Drops an upload that will not be used (the user cancelled, a piece failed). */
  'upload:discard': {
    request: z.object({ upload: UploadId }).strict(),
    response: z.object({ discarded: z.boolean() }),
  },
} as const;
export type UploadChannel = keyof typeof uploadChannels;
