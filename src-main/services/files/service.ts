import { readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { StudioError } from '../../../src-shared/ipc/contract';
import {
  PURPOSE_EXTENSIONS,
  isSavePurpose,
  type FileEntry,
  type FilePurpose,
  type PickedFile,
} from '../../../src-shared/files/ipc';
import { FileGrants } from './grants';
import { checkFolder, checkWritable, entryKind, isPlainName, parentOf, type PlaceRules } from './places';

/** Electron's native dialog for a purpose: the chosen path, or null when cancelled. */
export type NativeFileDialog = (req: {
  purpose: FilePurpose;
  suggestedName?: string;
}) => Promise<string | null>;

export interface FilesServiceOptions {
  /** Present in Electron; the browser host has none and uses the in-app picker instead. */
  nativeDialog?: NativeFileDialog | undefined;
  /** Roots of the in-app picker (default: the user's home folder). */
  roots?: readonly string[];
  /** Folders nothing chosen may be written into (the data and models folders). */
  noWrite?: readonly string[];
  /** Folders of recent projects, offered as places. */
  recentFolders?: () => Promise<string[]>;
}

/** Entries one listing returns at most (a folder of 100 000 frames stays a small answer). */
const MAX_ENTRIES = 2000;

const STANDARD_PLACES = ['Documents', 'Pictures', 'Videos', 'Desktop', 'Downloads'];
const START_PLACE: Partial<Record<FilePurpose, string>> = {
  'open-image': 'Pictures',
  'open-project': 'Documents',
  'save-project': 'Documents',
  export: 'Videos',
  'triton-repo': 'Documents',
};

const EXPORT_EXT = /\.(mp4|webm|gif|json)$/i;

function wanted(purpose: FilePurpose, name: string): boolean {
  const exts = PURPOSE_EXTENSIONS[purpose];
  return exts.includes(extname(name).toLowerCase());
}

/**
 * Main's authority over the user's files: the dialogs (native, or the browser host's in-app picker over
 * files:places/list/choose), the handles they issue, and resolving a handle back to a path for a service.
 */
export class FilesService {
  readonly grants = new FileGrants();
  private readonly lastDir = new Map<FilePurpose, string>();
  private rules: Promise<PlaceRules> | null = null;

  constructor(private readonly opts: FilesServiceOptions = {}) {}

  get hasNativeDialog(): boolean {
    return this.opts.nativeDialog !== undefined;
  }

  /** Issues a handle for a path main itself decided on (a native dialog's answer, the recent list). */
  grant(path: string, purpose: FilePurpose): PickedFile {
    const stored = purpose === 'export' ? path.replace(EXPORT_EXT, '') : path;
    if (isSavePurpose(purpose) || purpose === 'model-folder') this.lastDir.set(purpose, dirname(stored));
    else this.lastDir.set(purpose, dirname(path));
    return { handle: this.grants.grant(stored, purpose), path: stored, name: basename(stored) };
  }

  /** The path behind a handle for one of `purposes` (issued on this connection), else the one refusal. */
  resolve(handle: string, purposes: readonly FilePurpose[]): string {
    return this.grants.resolve(handle, purposes).path;
  }

  /**
   * A chosen file to read: still a regular file (or a folder for model-folder) when it is used. A FIFO or
   * device never gets here through the in-app picker; a native dialog could pick one, so it is checked.
   */
  async readable(handle: string, purposes: readonly FilePurpose[]): Promise<string> {
    const g = this.grants.resolve(handle, purposes);
    const s = await stat(g.path).catch(() => null);
    const ok = g.purpose === 'model-folder' ? s?.isDirectory() : s?.isFile();
    if (!ok)
      throw new StudioError(
        'files/not-found',
        `"${basename(g.path)}" is no longer there (or is not a ${g.purpose === 'model-folder' ? 'folder' : 'file'}). Choose it again.`,
      );
    return g.path;
  }

  async pick(
    purpose: FilePurpose,
    suggestedName?: string,
  ): Promise<{ kind: 'picked'; file: PickedFile } | { kind: 'cancelled' } | { kind: 'use-picker' }> {
    if (!this.opts.nativeDialog) return { kind: 'use-picker' };
    const path = await this.opts.nativeDialog({ purpose, ...(suggestedName ? { suggestedName } : {}) });
    return path ? { kind: 'picked', file: this.grant(path, purpose) } : { kind: 'cancelled' };
  }

  async places(purpose: FilePurpose): Promise<{ start: string; places: { label: string; path: string }[] }> {
    const rules = await this.pickerRules();
    const home = rules.roots[0] as string;
    const places: { label: string; path: string }[] = rules.roots.map((r) => ({
      label: r === home ? 'Home' : basename(r),
      path: r,
    }));
    const isDir = (p: string) =>
      stat(p).then(
        (s) => s.isDirectory(),
        () => false,
      );
    for (const name of STANDARD_PLACES)
      if (await isDir(join(home, name))) places.push({ label: name, path: join(home, name) });
    const recent = await this.opts.recentFolders?.().catch(() => []);
    for (const dir of recent ?? []) {
      if (places.length >= 16 || places.some((p) => p.path === dir)) continue;
      const ok = await checkFolder(rules, dir).then(
        () => true,
        () => false,
      );
      if (ok) places.push({ label: `Recent: ${basename(dir)}`, path: dir });
    }
    const last = this.lastDir.get(purpose);
    const preferred = START_PLACE[purpose];
    let start = home;
    if (
      last &&
      (await checkFolder(rules, last).then(
        () => true,
        () => false,
      ))
    )
      start = last;
    else if (preferred && (await isDir(join(home, preferred)))) start = join(home, preferred);
    return { start, places };
  }

  async list(purpose: FilePurpose, dir: string) {
    const rules = await this.pickerRules();
    const { real, root } = await checkFolder(rules, dir);
    const names = (await readdir(real)).filter(isPlainName).sort((a, b) => a.localeCompare(b));
    const entries: FileEntry[] = [];
    let truncated = false;
    for (const name of names) {
      if (entries.length >= MAX_ENTRIES) {
        truncated = true;
        break;
      }
      const e = await entryKind(rules, real, name);
      if (!e) continue;
      if (e.kind === 'file' && !wanted(purpose, name)) continue;
      entries.push({
        name,
        kind: e.kind,
        ...(e.kind === 'file' ? { bytes: e.bytes, modifiedAt: new Date(e.mtimeMs).toISOString() } : {}),
      });
    }
    entries.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'dir' ? -1 : 1));
    return { dir: real, parent: parentOf(real, root), entries, truncated };
  }

  /** The in-app picker's choice: proven inside the places, the right kind of file, then a handle. */
  async choose(purpose: FilePurpose, dir: string, name: string): Promise<PickedFile> {
    const rules = await this.pickerRules();
    if (!isPlainName(name))
      throw new StudioError(
        'files/bad-name',
        `"${name}" cannot be used as a file name here (no slashes, and not starting with a dot). Type another name.`,
      );
    const { real } = await checkFolder(rules, dir);
    if (purpose === 'save-project') {
      const file = /\.levitor$/i.test(name) ? name : `${name}.levitor`;
      const target = join(real, file);
      checkWritable(rules, target);
      const e = await entryKind(rules, real, file);
      if (e && (e.kind !== 'file' || e.path !== target))
        throw new StudioError(
          'files/not-a-file',
          `"${file}" exists and is not a plain file. Type another name.`,
        );
      return this.grant(target, purpose);
    }
    if (purpose === 'export' || purpose === 'triton-repo') {
      const target = join(real, purpose === 'export' ? name.replace(EXPORT_EXT, '') : name);
      checkWritable(rules, target);
      return this.grant(target, purpose);
    }
    const e = await entryKind(rules, real, name);
    const want = purpose === 'model-folder' ? 'dir' : 'file';
    if (!e || e.kind !== want || (want === 'file' && !wanted(purpose, name)))
      throw new StudioError(
        'files/not-found',
        `There is no ${want === 'dir' ? 'folder' : 'suitable file'} "${name}" in ${real}. Choose one from the list.`,
      );
    return this.grant(e.path, purpose);
  }

  private pickerRules(): Promise<PlaceRules> {
    if (this.opts.nativeDialog)
      return Promise.reject(
        new StudioError('files/unavailable', 'This window chooses files with the system dialog.'),
      );
    this.rules ??= (async () => {
      const real = async (p: string) => realpath(p).catch(() => p);
      const roots = await Promise.all((this.opts.roots ?? [homedir()]).map(real));
      const noWrite = await Promise.all((this.opts.noWrite ?? []).map(real));
      return { roots, noWrite };
    })();
    return this.rules;
  }
}
