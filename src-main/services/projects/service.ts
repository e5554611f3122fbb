import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import sharp from 'sharp';
import { IMAGE_LIMITS } from '../../../src-shared/ipc/contract';
import { ProjectError, newProjectDocument, type ProjectDocument } from '../../../src-shared/project';
import { checkImage } from '../images/imageService';
import { readImageFile } from '../images/readImageFile';
import { readArchive, writeArchive, type ProjectData } from './archive';
import { toProjectError, writeFileAtomic } from './atomicWrite';
import { checkProjectPath } from './paths';
import { RecentProjects } from './recent';
import { RecoveryStore, recoveryId } from './recovery';
import { validateProject } from './validate';

/** The state a project will have once the service holds it (what a reply reports). */
export interface ProjectState {
  path: string | null;
  dirty: boolean;
  /** Names this open for `settle`: the window says whether it shows the project. */
  settle: string;
}

/** What the service held before an open; kept until the window settles it (see `settle`). */
interface Held {
  current: ProjectData | null;
  path: string | null;
  recId: string;
  dirty: boolean;
  ownsRecovery: boolean;
}

/** Main's project after `settle`: the window compares it with what it shows. */
export interface SettledState {
  path: string | null;
  id: string | null;
  reverted: boolean;
}
/**
 * Builds the caller's reply from a project before the service holds it: when it throws (a reply too large
 * to send), the project open before stays open, with its path, so the next Save cannot write one
 * document into the other's file.
 */
export type Reply<T> = (data: ProjectData, state: ProjectState) => T;

export interface ProjectServiceOptions {
  settingsDir: string;
  recoveryDir: string;
  /** Autosave period; 0 disables the timer (autosaveNow still works). */
  autosaveMs?: number;
}

/** Open/save/autosave of the one project a window edits. */
export class ProjectService {
  readonly recent: RecentProjects;
  readonly recovery: RecoveryStore;
  private current: ProjectData | null = null;
  private path: string | null = null;
  private recId: string = recoveryId(null);
  private dirty = false;
  /** The recovery file under recId was written (or recovered) by this session. */
  private ownsRecovery = false;
  private timer: NodeJS.Timeout | null = null;
  /** The last save asked for (saves are serialised). */
  private saving: Promise<unknown> = Promise.resolve();
  /** Bumped by every swap of the open project: a save that ends after one no longer speaks for it. */
  private epoch = 0;
  /** The last open the window has not settled yet, and what was open before it. */
  private unsettled: { id: string; epoch: number; previous: Held } | null = null;

  constructor(opts: ProjectServiceOptions) {
    this.recent = new RecentProjects(opts.settingsDir);
    this.recovery = new RecoveryStore(opts.recoveryDir);
    if (opts.autosaveMs)
      this.timer = setInterval(() => void this.autosaveNow().catch(() => undefined), opts.autosaveMs);
    this.timer?.unref();
  }

  get state(): { path: string | null; dirty: boolean; doc: ProjectDocument | null } {
    return { path: this.path, dirty: this.dirty, doc: this.current?.doc ?? null };
  }
  get data(): ProjectData | null {
    return this.current;
  }

  /**
   * A new project from an image file the user chose (the path comes from a handle: services/files): the
   * same rules as opening an image (a regular file, bounded read, PNG/JPEG/WebP, the size limits). EXIF
   * orientation is applied and the image stored as PNG.
   */
  async newFromImage<T = ProjectData>(
    imagePath: string,
    name = basename(imagePath).replace(/\.[^.]+$/, ''),
    reply?: Reply<T>,
  ): Promise<T> {
    return this.newFromImageBytes(await readImageFile(imagePath), name, reply, true, basename(imagePath));
  }

  /** A new project from image bytes (e.g. an image the renderer opened into the asset store). */
  async newFromImageBytes<T = ProjectData>(
    input: Uint8Array,
    name: string,
    reply?: Reply<T>,
    dirty = true,
    fileName = name,
  ): Promise<T> {
    await checkImage(fileName, input); // refuses what opening the image refuses, before any full decode
    let png: Buffer, info: sharp.OutputInfo, orientation: number;
    try {
      const img = () => sharp(input, { limitInputPixels: IMAGE_LIMITS.maxPixels });
      orientation = (await img().metadata()).orientation ?? 1;
      ({ data: png, info } = await img().rotate().png().toBuffer({ resolveWithObject: true }));
    } catch (cause) {
      throw new ProjectError(
        'io',
        `The image could not be read: ${(cause as Error).message}`,
        'Pick a PNG, JPEG or WebP image.',
        { cause },
      );
    }
    const doc = newProjectDocument(name, {
      entry: 'image.png',
      width: info.width,
      height: info.height,
      orientation,
    });
    return this.adopt({ doc, entries: new Map([['image.png', new Uint8Array(png)]]) }, null, dirty, reply);
  }

  /** Opens and fully validates a project; on any problem the current project is kept and the file untouched. */
  async open<T = ProjectData>(path: string, reply?: Reply<T>): Promise<T> {
    const p = checkProjectPath(path);
    const data = await readArchive(p);
    await validateProject(data);
    const r = this.adopt(data, p, false, reply);
    await this.recent.add(p).catch(() => undefined);
    return r;
  }

  /**
   * Opens a project as untitled (no path, not added to recent): the bundled sample, or bytes the browser
   * host's file input read. Same checks as open; a failure keeps the current project.
   */
  async openUntitled<T = ProjectData>(source: string | Uint8Array, reply?: Reply<T>): Promise<T> {
    const data = await readArchive(source);
    await validateProject(data);
    return this.adopt(data, null, false, reply);
  }

  /** Bytes the browser host's file input read: opened from memory (nothing is written to disk). */
  async openBytes<T = ProjectData>(bytes: Uint8Array, reply?: Reply<T>): Promise<T> {
    return this.openUntitled(bytes, reply);
  }

  /** The renderer says whether its document differs from the saved file (undo back to it = clean). */
  async setDirty(dirty: boolean): Promise<void> {
    // Clean again (undone back to the saved state): an older recovery copy would only offer stale work.
    if (this.dirty && !dirty) {
      await this.recovery.discard(this.recId);
      this.ownsRecovery = false;
    }
    this.dirty = dirty;
  }

  /** Replaces the document being edited (the renderer's state) and marks it dirty. */
  update(data: ProjectData): void {
    this.current = data;
    this.dirty = true;
  }
  markDirty(): void {
    this.dirty = true;
  }

  async save(): Promise<string> {
    if (!this.path)
      throw new ProjectError(
        'invalid',
        'This project has not been saved yet.',
        'Use Save As to choose a file.',
      );
    return this.saveAs(this.path);
  }

  /**
   * Saves the document held now. Saves run one after another in the order they were asked for, each with
   * the document of its own moment, so the last accepted edit is what ends on disk; the project is clean
   * only if nothing changed while it was written.
   */
  async saveAs(path: string): Promise<string> {
    const p = checkProjectPath(path);
    const data = this.need();
    const epoch = this.epoch;
    const run = this.saving.then(() => this.write(p, data, epoch));
    this.saving = run.catch(() => undefined);
    return run;
  }

  private async write(p: string, data: ProjectData, epoch: number): Promise<string> {
    await validateProject(data); // never write a project we could not open again
    try {
      await writeFileAtomic(p, writeArchive(data), { backup: true });
    } catch (e) {
      throw toProjectError(e);
    }
    // Another project was opened while this one was written: the file holds what was asked, but the
    // open project keeps its own path (taking this one would make its next Save write into this file).
    if (epoch !== this.epoch) {
      await this.recent.add(p).catch(() => undefined);
      return p;
    }
    const oldRec = this.recId;
    this.path = p;
    this.recId = recoveryId(p);
    if (this.current === data) this.dirty = false;
    if (oldRec !== this.recId) await this.recovery.discard(oldRec);
    if (!this.dirty) await this.recovery.discard(this.recId);
    if (oldRec !== this.recId || !this.dirty) this.ownsRecovery = false;
    await this.recent.add(p).catch(() => undefined);
    return p;
  }

  /** Writes the recovery file now (also called by the timer and after every generation). */
  async autosaveNow(): Promise<boolean> {
    if (!this.current || !this.dirty) return false;
    await this.recovery.write(this.recId, this.path, this.current);
    this.ownsRecovery = true;
    return true;
  }

  /** Loads a recovery file as the current, unsaved-changes project (its original path kept for Save). */
  async recover<T = ProjectData>(id: string, reply?: Reply<T>): Promise<T> {
    const { entry, data } = await this.recovery.read(id);
    const r = this.adopt(data, entry.projectPath, true, reply);
    this.recId = id;
    this.ownsRecovery = true;
    return r;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * The window closes without saving (the user said so): its unsaved work is discarded, recovery copy
   * included, so the next start does not offer it again.
   */
  async discardUnsaved(): Promise<void> {
    if (this.ownsRecovery) await this.recovery.discard(this.recId);
    this.ownsRecovery = false;
    this.dirty = false;
  }

  /**
   * The reply first (it may throw), then the swap: a failed reply leaves the current project held.
   * The renderer asked the user before discarding unsaved changes, so the recovery copy this session made
   * of the project being replaced goes too: discarded means gone. (A copy left by an earlier session that
   * was never recovered stays: the user has not seen it.) What was open before is kept until the window
   * settles this open (`settle`), so a window that cannot show the project puts it back.
   */
  private adopt<T>(data: ProjectData, path: string | null, dirty: boolean, reply?: Reply<T>): T {
    const id = randomBytes(12).toString('base64url');
    const r = reply ? reply(data, { path, dirty, settle: id }) : (data as T);
    const previous: Held = {
      current: this.current,
      path: this.path,
      recId: this.recId,
      dirty: this.dirty,
      ownsRecovery: this.ownsRecovery,
    };
    if (this.current && this.ownsRecovery) this.recovery.discardSync(this.recId);
    this.ownsRecovery = false;
    this.current = data;
    this.path = path;
    this.recId = recoveryId(path);
    this.dirty = dirty;
    this.unsettled = { id, epoch: ++this.epoch, previous };
    return r;
  }

  /**
   * The window says whether it shows the project an open gave it (`ProjectState.settle`). Shown: what was
   * open before is let go. Not shown (a piece could not be fetched, a mask did not decode, the user kept
   * the document edited while it loaded): the project open before is put back with its path, dirty
   * state and recovery copy, so main holds what the window shows and the next Save writes that document
   * into its own file, its takes still belonging to it. Answers main's project either way (an open
   * settled late, after another, changes nothing).
   */
  async settle(id: string, shown: boolean): Promise<SettledState> {
    const u = this.unsettled;
    let reverted = false;
    if (u && u.id === id) {
      this.unsettled = null;
      if (!shown && u.epoch === this.epoch) {
        const p = u.previous;
        this.current = p.current;
        this.path = p.path;
        this.recId = p.recId;
        this.dirty = p.dirty;
        this.epoch++;
        reverted = true;
        // The swap deleted the copy this session had written of it: write it again from what it holds.
        if (p.ownsRecovery) await this.autosaveNow().catch(() => undefined);
      }
    }
    return { path: this.path, id: this.current?.doc.id ?? null, reverted };
  }

  private need(): ProjectData {
    if (!this.current)
      throw new ProjectError('invalid', 'No project is open.', 'Create or open a project first.');
    return this.current;
  }
}
