import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, stat, unlink } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ProjectError } from '../../../src-shared/project';
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
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: RecoveryEntry[] = [];
    for (const n of names.filter((x) => x.endsWith('.json'))) {
      const meta = metaSchema.safeParse(
        await readFile(join(this.dir, n), 'utf8').then(JSON.parse, () => null),
      );
      if (!meta.success || meta.data.id !== n.slice(0, -5)) continue;
      if (
        !(await stat(join(this.dir, `${meta.data.id}.levitor`)).then(
          () => true,
          () => false,
        ))
      )
        continue;
      const projectTime = meta.data.projectPath
        ? await stat(meta.data.projectPath).then(
            (s) => s.mtimeMs,
            () => null,
          )
        : null;
      if (projectTime === null || projectTime < Date.parse(meta.data.savedAt)) out.push(meta.data);
    }
    return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
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
