import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ProjectError } from '../../../src-shared/project';
import { BoundedReadError, readBounded } from '../fs/readBounded';
import { readArchive, writeArchive, type ProjectData } from './archive';
import { toProjectError, writeFileAtomic } from './atomicWrite';
import { validateProject } from './validate';

const metaSchema = z.object({
  id: z.string(),
  projectPath: z.string().nullable(),
  name: z.string(),
  savedAt: z.string(),
});
export type RecoveryEntry = z.infer<typeof metaSchema>;

/**
 * The most bytes of a `<id>.json` read (the studio writes ~300): anything in the recovery folder is only
 * trusted as far as it checks out, and a large, endless (a FIFO, a link to /dev/zero) or broken one is
 * skipped and reported, never read whole.
 */
export const MAX_RECOVERY_META_BYTES = 64 * 1024;

/** A `<id>.json` the list skipped, and why. */
export interface SkippedRecovery {
  file: string;
  reason: string;
}

/** The recovery id of a project: stable per saved path, random for an untitled project. */
export function recoveryId(projectPath: string | null): string {
  return projectPath
    ? createHash('sha256').update(projectPath).digest('hex').slice(0, 16)
    : `untitled-${randomUUID().slice(0, 8)}`;
}

/** Recovery files: `<id>.levitor` + `<id>.json` in the recovery folder, both written atomically. */
export class RecoveryStore {
  constructor(private readonly dir: string) {}

  async write(id: string, projectPath: string | null, data: ProjectData, now = new Date()): Promise<void> {
    const meta: RecoveryEntry = { id, projectPath, name: data.doc.name, savedAt: now.toISOString() };
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomic(join(this.dir, `${id}.levitor`), writeArchive(data));
      await writeFileAtomic(join(this.dir, `${id}.json`), new TextEncoder().encode(JSON.stringify(meta)));
    } catch (e) {
      throw toProjectError(e);
    }
  }

  /** Recovery files newer than their project (or whose project was never saved / is gone). */
  async list(): Promise<RecoveryEntry[]> {
    const { entries, skipped } = await this.scan();
    for (const s of skipped) console.warn(`recovery: skipped ${s.file}: ${s.reason}`);
    return entries;
  }

  /** `list()` plus the `<id>.json` files it skipped and why. */
  async scan(): Promise<{ entries: RecoveryEntry[]; skipped: SkippedRecovery[] }> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return { entries: [], skipped: [] };
    }
    const out: RecoveryEntry[] = [];
    const skipped: SkippedRecovery[] = [];
    for (const n of names.filter((x) => x.endsWith('.json'))) {
      const meta = await this.readMeta(n);
      if (typeof meta === 'string') {
        skipped.push({ file: n, reason: meta });
        continue;
      }
      const levitor = await stat(join(this.dir, `${meta.id}.levitor`)).catch(() => null);
      if (!levitor?.isFile()) {
        skipped.push({ file: n, reason: `${meta.id}.levitor is missing` });
        continue;
      }
      const projectTime = meta.projectPath
        ? await stat(meta.projectPath).then(
            (s) => s.mtimeMs,
            () => null,
          )
        : null;
      if (projectTime === null || projectTime < Date.parse(meta.savedAt)) out.push(meta);
    }
    return { entries: out.sort((a, b) => b.savedAt.localeCompare(a.savedAt)), skipped };
  }

  /** One `<id>.json`, read with a bound; a string says why it is not a recovery entry. */
  private async readMeta(name: string): Promise<RecoveryEntry | string> {
    let raw: unknown;
    try {
      const bytes = await readBounded(join(this.dir, name), MAX_RECOVERY_META_BYTES);
      raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (e) {
      return e instanceof BoundedReadError
        ? e.code === 'too-large'
          ? `larger than ${MAX_RECOVERY_META_BYTES} bytes`
          : e.code === 'not-file'
            ? 'not a regular file'
            : e.message
        : `not JSON (${(e as Error).message})`;
    }
    const meta = metaSchema.safeParse(raw);
    if (!meta.success) return 'not a recovery description';
    if (meta.data.id !== name.slice(0, -5)) return `names another id (${meta.data.id.slice(0, 64)})`;
    return meta.data;
  }

  async read(id: string): Promise<{ entry: RecoveryEntry; data: ProjectData }> {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id))
      throw new ProjectError('invalid', `No recovery file ${id}.`, 'Refresh the recovery list.');
    const entry = (await this.list()).find((e) => e.id === id);
    if (!entry) throw new ProjectError('not-found', `No recovery file ${id}.`, 'Refresh the recovery list.');
    const data = await readArchive(join(this.dir, `${id}.levitor`));
    await validateProject(data);
    return { entry, data };
  }

  async discard(id: string): Promise<void> {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) return;
    await unlink(join(this.dir, `${id}.levitor`)).catch(() => undefined);
    await unlink(join(this.dir, `${id}.json`)).catch(() => undefined);
  }

  /** The same, at once: a project being replaced loses its copy before the new one is in place. */
  discardSync(id: string): void {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) return;
    for (const ext of ['.levitor', '.json'])
      try {
        unlinkSync(join(this.dir, `${id}${ext}`));
      } catch {
        // already gone
      }
  }
}
