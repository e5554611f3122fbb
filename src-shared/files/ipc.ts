import { z } from 'zod';

/**
 * `files:*` channels: main is the authority over the file system. The renderer never sends a path for main
 * to read or write; it sends a handle that main issued when the user chose a file in a dialog main showed
 * (Electron's native dialog, or the browser host's in-app picker that main lists for), or from the recent
 * list main keeps. Paths in responses are for display only.
 */

/** What a chosen file is for; each purpose grants one kind of access (src-main/services/files/README.md). */
export const FilePurpose = z.enum([
  /** Read a PNG/JPEG/WebP image. */
  'open-image',
  /** Read a .levitor project. */
  'open-project',
  /** Write (create or replace) a .levitor project. */
  'save-project',
  /** Write an export: the chosen name with the format's extension (.mp4 .webm .gif .json) or a new folder (PNG). */
  'export',
  /** Read a model folder to install. */
  'model-folder',
  /** Read a model .zip to install. */
  'model-zip',
  /** Write a Triton model repository: a new (or empty) folder with the chosen name. */
  'triton-repo',
]);
export type FilePurpose = z.infer<typeof FilePurpose>;

/** An opaque, unguessable id main issued for one chosen file; valid only on the connection it was issued to. */
export const FileHandle = z.string().regex(/^fh_[A-Za-z0-9_-]{24,64}$/, 'not a file handle');
export type FileHandle = z.infer<typeof FileHandle>;

export const PickedFile = z.object({
  handle: FileHandle,
  /** Where it is, to show the user (never sent back to main). */
  path: z.string(),
  /** The file name (for an export: the name without the format's extension). */
  name: z.string(),
});
export type PickedFile = z.infer<typeof PickedFile>;

const Path = z.string().min(1).max(4096);

export const FileEntry = z.object({
  name: z.string(),
  kind: z.enum(['dir', 'file']),
  bytes: z.number().optional(),
  modifiedAt: z.string().optional(),
});
export type FileEntry = z.infer<typeof FileEntry>;

export const filesChannels = {
  /**
   * Electron: main's native dialog for the purpose; the answer carries a handle. Browser host (no native
   * dialog): `use-picker`, and the renderer shows the in-app picker over files:places/list/choose.
   */
  'files:pick': {
    request: z.object({ purpose: FilePurpose, suggestedName: z.string().max(200).optional() }).strict(),
    response: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('picked'), file: PickedFile }),
      z.object({ kind: z.literal('cancelled') }),
      z.object({ kind: z.literal('use-picker') }),
    ]),
  },
  /** In-app picker: where to start (the last folder used for this purpose, else home) and the places list. */
  'files:places': {
    request: z.object({ purpose: FilePurpose }).strict(),
    response: z.object({
      start: z.string(),
      places: z.array(z.object({ label: z.string(), path: z.string() })),
    }),
  },
  /** In-app picker: one folder's visible entries (folders, and files the purpose can use). */
  'files:list': {
    request: z.object({ purpose: FilePurpose, dir: Path }).strict(),
    response: z.object({
      dir: z.string(),
      /** null at the top of the allowed places. */
      parent: z.string().nullable(),
      entries: z.array(FileEntry),
      /** More entries than are listed (the first ones by name are shown). */
      truncated: z.boolean(),
    }),
  },
  /** In-app picker: the user chose `name` in `dir` for `purpose`; main checks it and issues a handle. */
  'files:choose': {
    request: z.object({ purpose: FilePurpose, dir: Path, name: z.string().min(1).max(255) }).strict(),
    response: PickedFile,
  },
} as const;
export type FilesChannel = keyof typeof filesChannels;

/** Extensions a purpose's files have (lower case, with the dot); [] = folders (model-folder) or any export. */
export const PURPOSE_EXTENSIONS: Record<FilePurpose, readonly string[]> = {
  'open-image': ['.png', '.jpg', '.jpeg', '.webp'],
  'open-project': ['.levitor'],
  'save-project': ['.levitor'],
  export: ['.mp4', '.webm', '.gif', '.json'],
  'model-folder': [],
  'model-zip': ['.zip'],
  'triton-repo': [],
};

/** Purposes whose chosen file is written (a save dialog); the others read an existing one. */
export function isSavePurpose(p: FilePurpose): boolean {
  return p === 'save-project' || p === 'export' || p === 'triton-repo';
}
