import { z } from 'zod';
import { FileHandle } from '../files/ipc';
import { InlineBytes, UPLOAD_PIECE_BYTES, UploadId, fileData } from '../ipc/upload';
import { entryName, projectSchema } from './schema';

/**
 * `project:*` channels. No path comes from the renderer: files are named by handles main issued when the
 * user chose them (files:pick / the in-app picker, src-shared/files/ipc.ts) or listed them (project:recent);
 * main re-checks the path behind a handle (absolute, .levitor, no device paths). Entries main sends travel as bytes
 * (large ones in pieces, see ProjectSnapshot); entries the renderer sends travel as bytes too
 * (src-shared/ipc/upload.ts): `project:save` sends only added/replaced entries and the entries no longer
 * referenced are dropped by main. Entries fit inline while they total one piece (UPLOAD_PIECE_BYTES); the
 * others are sent ahead with `upload:piece` under one upload id and named in the edit's `staged`.
 */
/** Entry names are checked like the archive's (no `..`, no absolute paths): a bad name would make the studio refuse its own file. */
const Entries = z
  .record(entryName, InlineBytes)
  .refine((e) => Object.values(e).reduce((n, b) => n + b.byteLength, 0) <= UPLOAD_PIECE_BYTES, {
    message: `inline entries total more than ${UPLOAD_PIECE_BYTES} bytes (send the others with upload:piece)`,
  });

/**
 * Bytes as they cross: a structured clone in Electron, a binary WebSocket message in the browser host
 * (src-shared/ipc/wireBinary.ts); never base64 text, which a large depth map would push past V8's string
 * limit.
 */
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected bytes' });

/** A snapshot entry larger than this, or past SNAPSHOT_INLINE_BYTES in all, is fetched in pieces of this size. */
export const SNAPSHOT_PIECE_BYTES = 8 << 20;
/** The most entry bytes one snapshot reply carries inline. */
export const SNAPSHOT_INLINE_BYTES = 32 << 20;

export const ProjectSnapshot = z.object({
  path: z.string().nullable(),
  dirty: z.boolean(),
  doc: projectSchema,
  /**
   * Every entry except take frames/videos (fetched when played) and, when `image` is set, the image:
   * the small ones here, the others listed in `pieces`.
   */
  entries: z.record(z.string(), Bytes),
  /**
   * Entries main holds for this snapshot, to be fetched with `project:snapshotPiece { id, name, part }`
   * (parts 0..ceil(bytes / SNAPSHOT_PIECE_BYTES) - 1) before the project is shown.
   */
  pieces: z
    .object({
      id: z.string(),
      entries: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative() })),
    })
    .optional(),
  /** The project's image registered in the host's asset store (what the renderer shows and sends to models). */
  image: z.object({ imageId: z.string(), url: z.string() }).optional(),
  /**
   * Names this open for `project:settle`: main holds the project from the reply on, and puts the one
   * open before back when the window says it could not show it, so both always hold the same project.
   */
  settle: z.string().optional(),
});
export type ProjectSnapshot = z.infer<typeof ProjectSnapshot>;

const Edit = z.object({
  doc: projectSchema,
  entries: Entries.optional(),
  /** Entries whose pieces were sent with `upload:piece` (upload id `push`) just before this edit. */
  staged: z
    .object({ push: UploadId, names: z.array(entryName).max(100_000) })
    .strict()
    .optional(),
});
const RecoveryEntry = z.object({
  id: z.string(),
  projectPath: z.string().nullable(),
  name: z.string(),
  savedAt: z.string(),
});

export const projectChannels = {
  /** A new project from an image file chosen for `open-image`. */
  'project:new': { request: z.object({ image: FileHandle }).strict(), response: ProjectSnapshot },
  /** A project chosen for `open-project`, or from project:recent. */
  'project:open': { request: z.object({ handle: FileHandle }).strict(), response: ProjectSnapshot },
  /** Saves to the current path; `edit` carries the renderer's document when it changed. */
  'project:save': {
    request: z.object({ edit: Edit.optional() }).strict(),
    response: z.object({ path: z.string() }),
  },
  /** Saves to a file chosen for `save-project`. */
  'project:saveAs': {
    request: z.object({ handle: FileHandle, edit: Edit.optional() }).strict(),
    response: z.object({ path: z.string() }),
  },
  'project:recent': {
    request: z.object({}).strict(),
    /** `handle`: opens the file with project:open (issued for this list; `path` is for display). */
    response: z.array(z.object({ path: z.string(), openedAt: z.string(), handle: FileHandle })),
  },
  'project:recoverList': { request: z.object({}).strict(), response: z.array(RecoveryEntry) },
  'project:recover': {
    request: z.object({ id: z.string().min(1).max(64) }).strict(),
    response: ProjectSnapshot,
  },
  'project:discardRecovery': {
    request: z.object({ id: z.string().min(1).max(64) }).strict(),
    response: z.object({ discarded: z.boolean() }),
  },
  /** A project around an image the renderer already opened (by bytes or dialog): the host's asset id. */
  'project:newFromImage': {
    request: z.object({ imageId: z.string().min(1).max(200), name: z.string().max(200).optional() }).strict(),
    response: ProjectSnapshot,
  },
  /** Opens a .levitor file's bytes (browser host file input): untitled (no path), Save asks for one. */
  'project:openBytes': { request: fileData, response: ProjectSnapshot },
  /**
   * After an open (any channel answering a ProjectSnapshot): `shown` false puts back the project open
   * before (the window could not show this one, or the user kept the document on screen). Answers
   * main's project after it, which the window compares with its own.
   */
  'project:settle': {
    request: z.object({ id: z.string().min(1).max(64), shown: z.boolean() }).strict(),
    response: z.object({ path: z.string().nullable(), id: z.string().nullable(), reverted: z.boolean() }),
  },
  /** The bundled sample (resources/samples), opened untitled so Save never writes into the app. */
  'project:openSample': { request: z.object({}).strict(), response: ProjectSnapshot },
  /** The renderer's current document (for autosave/recovery) without writing the project file. */
  'project:update': {
    request: z.object({ edit: Edit, dirty: z.boolean() }).strict(),
    response: z.object({ dirty: z.boolean() }),
  },
  /** One piece of an entry a snapshot listed in `pieces` (see ProjectSnapshot). */
  'project:snapshotPiece': {
    request: z
      .object({
        id: z.string().min(1).max(64),
        name: entryName,
        part: z
          .number()
          .int()
          .min(0)
          .max(1 << 20),
      })
      .strict(),
    response: z.object({ bytes: Bytes }),
  },
  /** Writes the recovery file now if there are unsaved changes (after every generation). */
  'project:autosave': { request: z.object({}).strict(), response: z.object({ written: z.boolean() }) },
} as const;
export type ProjectChannel = keyof typeof projectChannels;
