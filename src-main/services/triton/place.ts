import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ModelError, mapFsError } from '../models/errors';

export type Placement = 'hardlink' | 'copy';

/** Errors that mean "this file system (pair) cannot hard-link": fall back to a copy. */
const NO_LINK = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS', 'EACCES']);

/**
 * Puts `src` at `dst` without a second copy where the file system allows: a hard link (same file system;
 * the repository and the pack then share the bytes, and removing the pack leaves the repository whole),
 * else a copy (another file system, or one without hard links such as FAT/exFAT).
 */
export async function placeFile(src: string, dst: string): Promise<Placement> {
  await mkdir(dirname(dst), { recursive: true });
  try {
    await link(src, dst);
    return 'hardlink';
  } catch (e) {
    if (!NO_LINK.has((e as { code?: string }).code ?? '')) throw mapFsError(e, dst);
  }
  try {
    await copyFile(src, dst);
  } catch (e) {
    throw mapFsError(e, dst);
  }
  return 'copy';
}

export const REPO_MARKER = 'levitor-triton.json';

/**
 * What may be at the output folder: nothing, an empty folder, or a repository this command wrote before
 * (its marker file) holding nothing but what the command writes (`ours`: the marker and the model
 * folders). Anything else is refused, so a typo never replaces someone's folder, and a model someone
 * added beside ours (a Triton repository often serves several) is never deleted with it.
 */
export async function checkOutDir(
  out: string,
  ours: ReadonlySet<string>,
): Promise<'new' | 'empty' | 'replace'> {
  const s = await stat(out).catch(() => undefined);
  if (!s) return 'new';
  if (!s.isDirectory())
    throw new ModelError('exists', `${out} exists and is not a folder; choose another --out`);
  const names = await readdir(out);
  if (names.length === 0) return 'empty';
  if (names.includes(REPO_MARKER)) {
    const foreign = names.filter((n) => !ours.has(n)).sort();
    if (foreign.length === 0) return 'replace';
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ', ...' : '');
    throw new ModelError(
      'exists',
      `${out} is a Triton repository the studio wrote, but it also holds ${shown}, which the studio did ` +
        'not write; replacing it would delete them. Move them out or choose another folder.',
    );
  }
  throw new ModelError(
    'exists',
    `${out} is not empty and is not a Triton repository written by the studio; choose an empty or new folder`,
  );
}

/**
 * Builds the repository in a sibling staging folder and moves it into place only when complete: a failure
 * or cancel midway leaves the output folder as it was (an earlier repository stays usable).
 */
export async function writeAtomically(
  out: string,
  ours: ReadonlySet<string>,
  build: (staging: string) => Promise<void>,
): Promise<void> {
  const state = await checkOutDir(out, ours);
  const tag = randomBytes(4).toString('hex');
  const staging = join(dirname(out), `.${basename(out)}.partial-${tag}`);
  await mkdir(staging, { recursive: true });
  try {
    await build(staging);
    if (state === 'new') {
      await rename(staging, out);
      return;
    }
    const old = join(dirname(out), `.${basename(out)}.old-${tag}`);
    await rename(out, old);
    try {
      await rename(staging, out);
    } catch (e) {
      await rename(old, out);
      throw e;
    }
    await rm(old, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
