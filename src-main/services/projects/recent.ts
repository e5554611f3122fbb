import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomicWrite';

const recentSchema = z.object({
  version: z.literal(1),
  projects: z.array(z.object({ path: z.string(), openedAt: z.string() })),
});
export type RecentProject = z.infer<typeof recentSchema>['projects'][number];

/** The recent-projects list: one JSON file in the settings folder, written atomically, newest first. */
export class RecentProjects {
  private readonly file: string;
  constructor(
    settingsDir: string,
    private readonly max = 12,
  ) {
    this.file = join(settingsDir, 'recent-projects.json');
  }

  private async read(): Promise<RecentProject[]> {
    try {
      const parsed = recentSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data.projects : [];
    } catch {
      return []; // missing or unreadable: an empty list, never an error at start-up
    }
  }

  private async write(projects: RecentProject[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await writeFileAtomic(
      this.file,
      new TextEncoder().encode(JSON.stringify({ version: 1, projects }, null, 1)),
    );
  }

  /** The list with files that no longer exist pruned (and the pruning saved). */
  async list(): Promise<RecentProject[]> {
    const all = await this.read();
    const alive: RecentProject[] = [];
    for (const p of all)
      if (
        await stat(p.path).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        alive.push(p);
    if (alive.length !== all.length) await this.write(alive);
    return alive;
  }

  async add(path: string, now = new Date()): Promise<void> {
    const rest = (await this.read()).filter((p) => p.path !== path);
    await this.write([{ path, openedAt: now.toISOString() }, ...rest].slice(0, this.max));
  }
}
