import type { Dirent } from 'node:fs';
import { readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isPaused } from './errors';

/**
 * What a download job leaves in its `.downloads/<key>` folder when it ends without installing:
 * - paused: everything stays; the same install resumes it (and models:list offers it for catalogue ids);
 * - cancelled: the folder goes, with what the job fetched ("I do not want it"), as models:cancel says;
 * - failed: what can still be used stays (a .part a network failure kept, to resume; the video model's
 *   finished files, which the next run re-verifies and keeps), the files in `drop` go (finished files
 *   nothing would reuse: a URL's or a catalogue file's download is fetched again from byte 0), and then
 *   every folder left empty, `work` included. A folder is only ever removed empty
 *   (rmdir), so nothing the job did not name is deleted on a failure.
 */
export async function settleWorkDir(
  work: string,
  signal: AbortSignal | undefined,
  drop: readonly string[] = [],
): Promise<void> {
  if (isPaused(signal)) return;
  if (signal?.aborted) await rm(work, { recursive: true, force: true });
  else {
    for (const f of drop) await rm(f, { force: true });
    await removeEmptyDirs(work);
  }
}

/** Removes `dir` and the folders under it that hold no file (links are not followed; files stay). */
export async function removeEmptyDirs(dir: string, depth = 0): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // gone already, or not a folder
  }
  if (depth < 32) {
    for (const e of entries) if (e.isDirectory()) await removeEmptyDirs(join(dir, e.name), depth + 1);
  }
  await rmdir(dir).catch(() => undefined); // ENOTEMPTY: something worth keeping is inside
}

/** After an install: the job's download folder goes (`.downloads` itself stays, as the models folder does). */
export async function dropWorkDir(work: string): Promise<void> {
  await rm(work, { recursive: true, force: true });
}
