import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  contractRole,
  ModelRole,
  parseModelManifest,
  totalBytes,
  type ModelManifest,
} from '../../../src-shared/models/manifest';
import { BoundedReadError, readBounded } from '../fs/readBounded';
import { ModelError } from './errors';
import { exists, fsyncDir, randomSuffix, writeJsonAtomic } from './fsutil';
import { assertModelId, childPath } from './safePaths';

export const MANIFEST_FILE = 'manifest.json';
export const FILES_DIR = 'files';
const SETTINGS_FILE = 'settings.json';
const STAGING = '.staging-';
/** Thousands of files listed would still be well under this. */
const MAX_MANIFEST_BYTES = 16 * 1024 ** 2;
/** A role -> id map: a few hundred bytes. A FIFO or a huge file put here is read as "no settings". */
const MAX_SETTINGS_BYTES = 1024 ** 2;

/** `.staging-<pid>-...`: is that process still running? (A name without a pid predates the scheme.) */
function ownerAlive(name: string): boolean {
  const pid = Number(/^\.staging-(\d+)-/.exec(name)?.[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM'; // alive, owned by someone else
  }
}

const Settings = z.object({ defaults: z.partialRecord(ModelRole, z.string()).default({}) });
type Settings = z.infer<typeof Settings>;

export interface InstalledModel {
  manifest: ModelManifest;
  dir: string;
  bytes: number;
  isDefault: boolean;
}

export interface BrokenModel {
  folder: string;
  error: string;
}

/**
 * The models folder: `<root>/<id>/manifest.json` + `<root>/<id>/files/...`. Folders starting with "."
 * are work areas (staging, downloads, trash) and are never listed, so a half-installed model is never
 * visible: it appears only through the final rename of a complete staging folder.
 */
export class ModelRegistry {
  constructor(readonly root: string) {}

  /** Every path built from an id goes through here: a string that is not a model id names no folder. */
  dir(id: string): string {
    return join(this.root, assertModelId(id));
  }
  filesDir(id: string): string {
    return join(this.dir(id), FILES_DIR);
  }
  filePath(id: string, relPath: string): string {
    return childPath(this.filesDir(id), relPath, `file of model ${id}`);
  }
  downloadsDir(key: string): string {
    return join(this.root, '.downloads', assertModelId(key));
  }

  async list(): Promise<{ models: InstalledModel[]; broken: BrokenModel[] }> {
    await mkdir(this.root, { recursive: true });
    const defaults = (await this.readSettings()).defaults;
    const models: InstalledModel[] = [];
    const broken: BrokenModel[] = [];
    const entries = await readdir(this.root, { withFileTypes: true });
    for (const ent of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!ent.isDirectory() || ent.name.startsWith('.')) continue;
      try {
        const manifest = await this.readManifest(ent.name);
        models.push(this.describe(manifest, defaults));
      } catch (e) {
        broken.push({ folder: ent.name, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return { models, broken };
  }

  async get(id: string): Promise<InstalledModel> {
    if (!(await exists(join(this.dir(id), MANIFEST_FILE)))) {
      throw new ModelError('not-installed', `model ${id} is not installed`);
    }
    return this.describe(await this.readManifest(id), (await this.readSettings()).defaults);
  }

  private describe(manifest: ModelManifest, defaults: Settings['defaults']): InstalledModel {
    return {
      manifest,
      dir: this.dir(manifest.id),
      bytes: totalBytes(manifest.files),
      isDefault: defaults[manifest.role] === manifest.id,
    };
  }

  /**
   * The manifest of an installed model: one bounded read of a regular file (no link, FIFO or device; the
   * checks are made on the open file, so it cannot be swapped between check and read), then the schema.
   */
  async readManifest(id: string): Promise<ModelManifest> {
    const path = join(this.dir(id), MANIFEST_FILE);
    let bytes: Buffer;
    try {
      bytes = await readBounded(path, MAX_MANIFEST_BYTES, { noFollow: true });
    } catch (e) {
      if (!(e instanceof BoundedReadError)) throw e;
      if (e.code === 'not-found')
        throw new ModelError('not-installed', `model ${id} is not installed (${path} is missing)`);
      if (e.code === 'too-large')
        throw new ModelError('invalid', `${path} is ${e.detail.size} bytes; a model manifest is far smaller`);
      throw new ModelError(
        'invalid',
        e.code === 'not-file' ? `${path} is not a regular file` : `${e.message}; reinstall the model`,
      );
    }
    let data: unknown;
    try {
      data = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      throw new ModelError(
        'invalid',
        `${path} is not valid JSON (${(e as Error).message}); reinstall the model`,
      );
    }
    let m: ModelManifest;
    try {
      m = parseModelManifest(data, path);
    } catch (e) {
      throw new ModelError('invalid', `${(e as Error).message}; reinstall the model`);
    }
    if (m.id !== id) throw new ModelError('invalid', `${path}: id ${m.id} does not match its folder ${id}`);
    return m;
  }

  async writeManifest(manifest: ModelManifest): Promise<void> {
    await writeJsonAtomic(join(this.dir(manifest.id), MANIFEST_FILE), manifest);
  }

  /**
   * A fresh, invisible work folder on the same filesystem (so the final rename is atomic). Its name
   * carries our pid, so cleanWorkAreas() in another process (the CLI beside the app) leaves it alone
   * while we run, and removes it once we are gone.
   */
  async createStaging(kind = ''): Promise<string> {
    await mkdir(this.root, { recursive: true });
    return mkdtemp(join(this.root, `${STAGING}${process.pid}-${kind}`));
  }

  /**
   * Writes the manifest into the staging folder, then renames it to `<root>/<id>`. With `replace`, the
   * old folder is moved aside first and deleted after; otherwise an existing id is an error.
   */
  async commit(staging: string, manifest: ModelManifest, replace = false): Promise<InstalledModel> {
    await writeJsonAtomic(join(staging, MANIFEST_FILE), manifest);
    const target = this.dir(manifest.id);
    let trash: string | undefined;
    if (await exists(target)) {
      if (!replace) {
        throw new ModelError(
          'exists',
          `a model with id ${manifest.id} is already installed (remove it first or choose another id)`,
        );
      }
      trash = join(this.root, `.trash-${manifest.id}-${randomSuffix()}`);
      await rename(target, trash);
    }
    await rename(staging, target);
    await fsyncDir(this.root);
    if (trash) await rm(trash, { recursive: true, force: true });
    await this.defaultIfNone(manifest);
    return this.get(manifest.id);
  }

  /**
   * The first model of a role becomes its default: a user who installs a video model expects it to be
   * used. A role whose default is set (and still installed) keeps it; the panel offers the new one.
   */
  private async defaultIfNone(manifest: ModelManifest): Promise<void> {
    const settings = await this.readSettings();
    const current = settings.defaults[manifest.role];
    if (current !== undefined && (await this.installed(current))) return;
    settings.defaults[manifest.role] = manifest.id;
    await this.writeSettings(settings);
  }

  /** A model folder with its manifest is there (a malformed id from a hand-edited settings file is not). */
  private async installed(id: string): Promise<boolean> {
    try {
      return await exists(join(this.dir(id), MANIFEST_FILE));
    } catch {
      return false;
    }
  }

  async remove(id: string): Promise<void> {
    const target = this.dir(id);
    if (!(await exists(target))) throw new ModelError('not-installed', `model ${id} is not installed`);
    // Rename first so the model vanishes at once, even if deleting gigabytes takes a while.
    const trash = join(this.root, `.trash-${id}-${randomSuffix()}`);
    await rename(target, trash);
    const settings = await this.readSettings();
    const role = (Object.keys(settings.defaults) as ModelRole[]).find((r) => settings.defaults[r] === id);
    if (role) {
      delete settings.defaults[role];
      await this.writeSettings(settings);
    }
    await rm(trash, { recursive: true, force: true });
  }

  async getDefaults(): Promise<Partial<Record<ModelRole, string>>> {
    return (await this.readSettings()).defaults;
  }

  async setDefault(role: ModelRole, id: string | null): Promise<void> {
    const settings = await this.readSettings();
    if (id === null) delete settings.defaults[role];
    else {
      const m = await this.get(id);
      if (contractRole[m.manifest.contract] !== role) {
        throw new ModelError(
          'invalid',
          `model ${id} is a ${m.manifest.role} model, it cannot be the default ${role} model`,
        );
      }
      settings.defaults[role] = id;
    }
    await this.writeSettings(settings);
  }

  /** The default model of a role, else the only installed one of that role. */
  async resolveDefault(role: ModelRole): Promise<InstalledModel | undefined> {
    const { models } = await this.list();
    const ofRole = models.filter((m) => m.manifest.role === role);
    return ofRole.find((m) => m.isDefault) ?? (ofRole.length === 1 ? ofRole[0] : undefined);
  }

  private async readSettings(): Promise<Settings> {
    try {
      const bytes = await readBounded(join(this.root, SETTINGS_FILE), MAX_SETTINGS_BYTES, { noFollow: true });
      return Settings.parse(JSON.parse(bytes.toString('utf8')));
    } catch {
      return { defaults: {} }; // missing or unreadable settings: start clean, never block the app
    }
  }

  private async writeSettings(s: Settings): Promise<void> {
    await writeJsonAtomic(join(this.root, SETTINGS_FILE), s);
  }

  /**
   * Removes leftovers of crashed installs: staging folders whose process is gone, and every trash
   * folder (already condemned). Downloads are kept to resume. Returns the names removed.
   */
  async cleanWorkAreas(): Promise<string[]> {
    await mkdir(this.root, { recursive: true });
    const removed: string[] = [];
    for (const ent of await readdir(this.root)) {
      const stale = ent.startsWith(STAGING) ? !ownerAlive(ent) : ent.startsWith('.trash-');
      if (!stale) continue;
      await rm(join(this.root, ent), { recursive: true, force: true });
      removed.push(ent);
    }
    return removed;
  }
}
