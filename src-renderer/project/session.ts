import type { PickedFile } from '../../src-shared/files/ipc';
import type { ProjectSnapshot } from '../../src-shared/project/ipc';
import { UPLOAD_PIECE_BYTES } from '../../src-shared/ipc/upload';
import { bridge } from '../bridge';
import { discardUpload, newUploadId, own, sendPieces } from '../bridge/upload';
import { stemOf } from '../files/pickFile';
import type { StudioDocument } from '../state/documentSlice';
import { startDocument, studioStore } from '../state/store';
import { snapshotToStudio, splitForSend, studioToEdit, type ProjectBase, type ProjectEdit } from './convert';
import { completeSnapshot } from './snapshotPieces';
import { studioMaskCodec } from './studioMaskCodec';
import { confirmReplaceAfterWait } from './confirm';
import { markFramePlaced } from '../editor/framing/autoFrame';
import { isDirty, savedStateOf } from './projectSlice';

/**
 * The link between the renderer's document and the host's project service. `base` is what main holds
 * for this document (so edits carry only changed entries); it is null until main has a project for the
 * open image. All calls to main go through one queue so an autosave push never races a save.
 */
let base: ProjectBase | null = null;
let boundImageId: string | null = null;
let queue: Promise<unknown> = Promise.resolve();

function serial<T>(run: () => Promise<T>): Promise<T> {
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

/** The image id of the project the session is showing (set before the document so watchers can tell). */
export function sessionImageId(): string | null {
  return boundImageId;
}

/**
 * Shows a project from main. Everything is decoded first, so a project that cannot be shown leaves the
 * document on screen untouched. A recovered project (dirty) starts with unsaved changes.
 */
export async function showSnapshot(
  snap: ProjectSnapshot,
  onlyIfEmpty = false,
  asked?: StudioDocument,
): Promise<boolean> {
  const loaded = await snapshotToStudio(snap, studioMaskCodec());
  const s = studioStore.getState();
  if (onlyIfEmpty && s.document.image) return false; // the user opened something meanwhile: it wins
  if (asked && !confirmReplaceAfterWait(asked)) return false; // edited while it loaded: they said keep
  base = loaded.base;
  boundImageId = loaded.document.image?.imageId ?? null;
  // A project's frame is its own (saved, uploaded, recovered or the sample): never placed for it.
  markFramePlaced(boundImageId ?? undefined);
  startDocument(studioStore, loaded.document);
  s.setDepth(loaded.analysis.depth);
  s.setAutoSegments(loaded.analysis.autoSegments, loaded.analysis.autoSegmentsState);
  s.select(loaded.selection);
  s.setProject({
    path: snap.path,
    name: snap.doc.name,
    id: snap.doc.id,
    saved: snap.dirty ? null : savedStateOf(studioStore.getState()),
  });
  s.setViewport(studioStore.getState().viewport, true);
  return true;
}

/** An image opened outside a project (Open image, drop): a new untitled project around it. */
export function adoptOpenedImage(): void {
  const s = studioStore.getState();
  const image = s.document.image;
  if (!image || image.imageId === boundImageId) return;
  boundImageId = image.imageId;
  base = null;
  // The project is named after the image without its extension: Save proposes photo.levitor.
  s.setProject({ path: null, name: stemOf(image.name), id: null, saved: savedStateOf(s) });
  // Main gets a project for it at once, so takes generated from now on land in it.
  void serial(() => bind()).catch(() => undefined);
}

/** Makes sure main's current project is this document's; creates it from the opened image if not. */
async function bind(): Promise<ProjectBase> {
  const image = studioStore.getState().document.image;
  if (!image) throw new Error('There is no image open.');
  if (base && boundImageId === image.imageId) return base;
  const name = studioStore.getState().project.name || stemOf(image.name);
  const snap = await bridge.api.project.newFromImage({ imageId: image.imageId, name });
  // Main holds the new project either way (the image on screen now gets its own on the next bind).
  if (snap.settle) await bridge.api.project.settle({ id: snap.settle, shown: true });
  if (studioStore.getState().document.image?.imageId !== image.imageId) throw new Error('The image changed.');
  base = { doc: snap.doc, sources: new Map() };
  boundImageId = image.imageId;
  studioStore.getState().setProject({ ...studioStore.getState().project, id: snap.doc.id });
  return base;
}

/**
 * The id of the project the document on screen belongs to, binding one in main first if needed: a
 * generation is queued for this project, and its take is added only while it is open.
 */
export function projectIdForGeneration(): Promise<string> {
  return serial(async () => (await bind()).doc.id);
}

/** The edit for the document as it is now (read synchronously, encoded off the UI thread). */
function currentEdit(b: ProjectBase, name = studioStore.getState().project.name): Promise<ProjectEdit> {
  const s = studioStore.getState();
  return studioToEdit(
    {
      document: s.document,
      analysis: { depth: s.depth, autoSegments: s.autoSegments, autoSegmentsState: s.autoSegmentsState },
      name: name || s.document.image?.name || 'Untitled',
      selection: s.selection,
    },
    b,
    studioMaskCodec(),
  );
}

/**
 * Sends the edit's entries: inline while they total one piece (UPLOAD_PIECE_BYTES), the others ahead with
 * upload:piece under one upload id, each piece its own message (no single send of many MB holds this
 * thread, and no request passes the host's message limit); returns the edit that names them.
 */
async function sendAhead(edit: ProjectEdit): Promise<{
  doc: ProjectEdit['doc'];
  entries: Record<string, Uint8Array>;
  staged?: { push: string; names: string[] };
}> {
  const { inline, ahead } = splitForSend(edit.entries, UPLOAD_PIECE_BYTES);
  const entries: Record<string, Uint8Array> = {};
  for (const [name, bytes] of Object.entries(inline)) entries[name] = own(bytes);
  if (!ahead.length) return { doc: edit.doc, entries };
  const push = newUploadId();
  try {
    for (const [name, bytes] of ahead) await sendPieces(push, name, bytes);
  } catch (err) {
    discardUpload(push);
    throw err;
  }
  return { doc: edit.doc, entries, staged: { push, names: ahead.map(([name]) => name) } };
}

/** Saves to a chosen file (Save As) or to the current file; the document saved is the one at the call. */
export function saveProject(target: PickedFile | null): Promise<string> {
  return serial(async () => {
    const b = await bind();
    const s = studioStore.getState();
    const saved = savedStateOf(s); // what this save writes: the state at the call
    const name = target && !s.project.path ? fileStem(target.name) : s.project.name;
    const edit = await currentEdit(b, name);
    const req = { edit: await sendAhead(edit) };
    const r = target
      ? await bridge.api.project.saveAs({ handle: target.handle, ...req })
      : await bridge.api.project.save(req);
    base = edit.next;
    studioStore.getState().setProject({ path: r.path, name: edit.doc.name, id: edit.doc.id, saved });
    return r.path;
  });
}

/** Sends the current document to main (for its autosave timer) when it has unsaved changes. */
export function pushDocument(): Promise<void> {
  return serial(async () => {
    const s = studioStore.getState();
    if (!s.document.image) return;
    const b = await bind();
    const edit = await currentEdit(b);
    await bridge.api.project.update({ edit: await sendAhead(edit), dirty: isDirty(s) });
    base = edit.next;
  });
}

/**
 * Writes the recovery file now. H-jobs calls this after every generation; the timer in main covers the
 * rest. Resolves to whether a recovery file was written (false when nothing is unsaved).
 */
export async function autosaveNow(): Promise<boolean> {
  if (!isDirty(studioStore.getState())) return false;
  await pushDocument();
  return serial(async () => (await bridge.api.project.autosave({})).written);
}

/**
 * Tells main whether the project an open gave us is on screen. Not shown: main puts back the project it
 * held before, the one still on screen, so base and path stay as they are. When main answers with
 * another project than the screen's (an older host without settle, another tab opened one since) or
 * cannot be reached, the screen's document is unbound: its next push makes main a project for it.
 */
async function settleOpen(snap: ProjectSnapshot, shown: boolean): Promise<void> {
  const screenId = shown ? snap.doc.id : studioStore.getState().project.id;
  if (!snap.settle && shown) return;
  const main = snap.settle
    ? await bridge.api.project.settle({ id: snap.settle, shown }).catch(() => null)
    : null;
  if (main && main.id === screenId && (shown || main.reverted)) return;
  base = null;
  studioStore.getState().setProject({ ...studioStore.getState().project, path: null });
}

/** Runs a host call that returns a project and shows it; errors leave the current document as it is. */
export function openWith(
  load: () => Promise<ProjectSnapshot>,
  opts: { onlyIfEmpty?: boolean } = {},
): Promise<void> {
  // The document the user agreed to replace (if they were asked, it was about this one).
  const asked = studioStore.getState().document;
  return serial(async () => {
    const first = await load(); // main refuses bad files and keeps its project
    let shown = false;
    try {
      // Large entries come in pieces after the reply (no single message grows with the project).
      const snap = await completeSnapshot(first, (r) => bridge.api.project.snapshotPiece(r));
      // Skipped: the user opened something meanwhile (first run's sample). Or kept: the user edited the
      // document on screen while this loaded and chose to keep it. Either way main goes back to it.
      shown = await showSnapshot(snap, opts.onlyIfEmpty, opts.onlyIfEmpty ? undefined : asked);
    } finally {
      // Shown or not (a piece could not be fetched, a mask did not decode), main ends with the project
      // on screen: the next Save writes it into its own file, and its takes still belong to it.
      await settleOpen(first, shown);
    }
  });
}

function fileStem(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.levitor$/i, '');
}
