import type { FilePurpose } from '../../../src-shared/files/ipc';
import { StudioError } from '../../../src-shared/ipc/contract';
import { ProjectError, referencedEntries } from '../../../src-shared/project';
import type { z } from 'zod';
import { projectChannels, type ProjectChannel, type ProjectSnapshot } from '../../../src-shared/project/ipc';
import type { ProjectData } from './archive';
import { unknownHandle } from '../files/grants';
import type { ProjectService, ProjectState } from './service';
import { SnapshotPieces } from './snapshotPieces';
import { UploadStore } from '../uploads';

/** What the project channels need from the rest of the host (all optional: tests run without them). */
export interface ProjectHandlerDeps {
  /** Registers the project's image in the asset store so the renderer can show it by URL. */
  registerImage?: (bytes: Uint8Array, mime: string) => { imageId: string; url: string };
  /** Bytes of an image the renderer opened earlier (asset store), for project:newFromImage. */
  imageBytes?: (imageId: string) => Uint8Array | undefined;
  /**
   * Bytes the renderer sent ahead (upload:piece): an edit's large entries, a project file opened by
   * bytes. Without it (tests of other channels) only inline bytes are accepted.
   */
  uploads?: UploadStore | undefined;
  /** The bundled sample project (resources/samples/coffee.levitor). */
  samplePath?: string | undefined;
  /**
   * Main's file authority (services/files): resolves the handles the renderer sends and issues them for
   * the recent list. Without it (tests of other channels) every channel that names a file refuses.
   */
  files?: ProjectFiles | undefined;
}

/** The part of FilesService the project channels use. */
export interface ProjectFiles {
  readable(handle: string, purposes: readonly FilePurpose[]): Promise<string>;
  resolve(handle: string, purposes: readonly FilePurpose[]): string;
  grant(path: string, purpose: FilePurpose): { handle: string };
}

/**
 * The reply to an open: the document and its entries as bytes, the large ones held in `pieces` and fetched
 * with project:snapshotPiece (no single reply grows with the project, so none can pass V8's string limit
 * or a transport's message limit). Built before the service swaps projects.
 */
function snapshot(
  data: ProjectData,
  state: ProjectState,
  pieces: SnapshotPieces,
  deps: ProjectHandlerDeps = {},
): ProjectSnapshot {
  const imageBytes = data.entries.get(data.doc.image.entry);
  const image = imageBytes && deps.registerImage?.(imageBytes, 'image/png');
  const send = [...data.entries].filter(
    ([k]) => !k.startsWith('takes/') && !(image && k === data.doc.image.entry),
  );
  return {
    path: state.path,
    dirty: state.dirty,
    doc: data.doc,
    ...pieces.split(send),
    ...(image ? { image } : {}),
    settle: state.settle,
  };
}

/** Applies the renderer's edit: its document, new/replaced entries, and drops entries nothing refers to. */
function applyEdit(
  svc: ProjectService,
  uploads: Pick<UploadStore, 'take'>,
  edit:
    | {
        doc: ProjectData['doc'];
        entries?: Record<string, Uint8Array> | undefined;
        staged?: { push: string; names: string[] } | undefined;
      }
    | undefined,
  /**
   * An autosave push keeps take frames the document does not list yet: a generation stores them in the
   * open project before the renderer adds the take, and a push in between must not drop them.
   */
  keepTakes = false,
): void {
  if (!edit) return;
  const staged = uploads.take(edit.staged?.push, edit.staged?.names ?? []);
  const cur = svc.data;
  const entries = new Map(cur?.entries ?? []);
  // Copied: an inline entry is a view into the message it came in, which it would keep alive.
  for (const [k, v] of Object.entries(edit.entries ?? {})) entries.set(k, new Uint8Array(v));
  for (const [k, v] of staged) entries.set(k, v);
  const { entries: names, frameDirs } = referencedEntries(edit.doc);
  const keep = new Set(names);
  for (const k of entries.keys())
    if (
      !keep.has(k) &&
      !frameDirs.some((d) => k.startsWith(`${d.dir}/`)) &&
      !(keepTakes && k.startsWith('takes/'))
    )
      entries.delete(k);
  svc.update({ doc: edit.doc, entries });
}

/**
 * ProjectError -> StudioError `project/<code>`: the sentence with its hint appended, then, after a line
 * break, the library's own text of the cause if any (the renderer shows that behind "Details").
 */
async function wrap<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ProjectError) {
      const cause = e.cause instanceof Error ? e.cause.message.trim() : '';
      const technical = cause && !e.message.includes(cause) ? `\n${cause}` : '';
      throw new StudioError(`project/${e.code}`, `${e.message} ${e.hint}${technical}`);
    }
    throw e;
  }
}

/** Without an upload store nothing was sent ahead: naming an upload fails as an incomplete one does. */
const noUploads = new UploadStore(0);

export function createProjectHandlers(
  svc: ProjectService,
  deps: ProjectHandlerDeps = {},
): Record<ProjectChannel, (payload: unknown) => Promise<unknown>> {
  /** Built before the service swaps projects (see ProjectService's Reply). */
  const pieces = new SnapshotPieces();
  const snap = (data: ProjectData, state: ProjectState): ProjectSnapshot =>
    snapshot(data, state, pieces, deps);
  const files = (): ProjectFiles => {
    if (!deps.files) throw unknownHandle();
    return deps.files;
  };
  const uploads = deps.uploads ?? noUploads;
  const parse = <C extends ProjectChannel>(
    c: C,
    p: unknown,
  ): z.infer<(typeof projectChannels)[C]['request']> =>
    projectChannels[c].request.parse(p) as z.infer<(typeof projectChannels)[C]['request']>;
  return {
    'project:new': (p) =>
      wrap(async () => {
        const path = await files().readable(parse('project:new', p).image, ['open-image']);
        return svc.newFromImage(path, undefined, snap);
      }),
    'project:open': (p) =>
      wrap(async () => {
        const path = await files().readable(parse('project:open', p).handle, ['open-project']);
        return svc.open(path, snap);
      }),
    'project:save': (p) =>
      wrap(async () => {
        applyEdit(svc, uploads, parse('project:save', p).edit);
        return { path: await svc.save() };
      }),
    'project:saveAs': (p) =>
      wrap(async () => {
        const r = parse('project:saveAs', p);
        const path = files().resolve(r.handle, ['save-project']);
        applyEdit(svc, uploads, r.edit);
        return { path: await svc.saveAs(path) };
      }),
    'project:recent': (p) =>
      wrap(async () => {
        parse('project:recent', p);
        const list = await svc.recent.list();
        return list.map((r) => ({ ...r, handle: files().grant(r.path, 'open-project').handle }));
      }),
    'project:recoverList': (p) => wrap(async () => (parse('project:recoverList', p), svc.recovery.list())),
    'project:recover': (p) => wrap(() => svc.recover(parse('project:recover', p).id, snap)),
    'project:discardRecovery': (p) =>
      wrap(async () => {
        await svc.recovery.discard(parse('project:discardRecovery', p).id);
        return { discarded: true };
      }),
    'project:newFromImage': (p) =>
      wrap(async () => {
        const r = parse('project:newFromImage', p);
        const bytes = deps.imageBytes?.(r.imageId);
        if (!bytes)
          throw new ProjectError(
            'not-found',
            'The image is no longer loaded in the studio.',
            'Open the image again.',
          );
        // Nothing to lose yet (the image is the user's file): clean, no recovery copy until there is an edit.
        return svc.newFromImageBytes(bytes, r.name ?? 'Untitled', snap, false);
      }),
    'project:openBytes': (p) =>
      wrap(async () => {
        const r = parse('project:openBytes', p);
        return svc.openBytes(r.upload ? uploads.takeBlob(r.upload) : new Uint8Array(r.bytes ?? []), snap);
      }),
    'project:openSample': (p) =>
      wrap(async () => {
        parse('project:openSample', p);
        if (!deps.samplePath)
          throw new ProjectError('not-found', 'This build has no sample project.', 'Open an image instead.');
        return svc.openUntitled(deps.samplePath, snap);
      }),
    'project:settle': (p) =>
      wrap(async () => {
        const r = parse('project:settle', p);
        return svc.settle(r.id, r.shown);
      }),
    'project:update': (p) =>
      wrap(async () => {
        const r = parse('project:update', p);
        applyEdit(svc, uploads, r.edit, true);
        await svc.setDirty(r.dirty);
        return { dirty: r.dirty };
      }),
    'project:snapshotPiece': (p) =>
      wrap(async () => {
        const r = parse('project:snapshotPiece', p);
        return { bytes: pieces.piece(r.id, r.name, r.part) };
      }),
    'project:autosave': (p) =>
      wrap(async () => (parse('project:autosave', p), { written: await svc.autosaveNow() })),
  };
}
