import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ModelId } from '../../../src-shared/models/manifest';
import { ModelError } from './errors';

/**
 * Every path the model manager builds from outside input (a model id, a manifest's file list, a URL, a
 * zip entry, an ONNX external-data location) goes through here: first a lexical proof that it stays
 * inside its folder, then, where the file system could redirect it, a proof on the real (symlink-free)
 * path.
 */

/** Throws unless `id` is a model id (a-z 0-9 . _ -, 1-80 chars): the only strings that name a folder. */
export function assertModelId(id: string): string {
  const r = ModelId.safeParse(id);
  if (!r.success) {
    throw new ModelError(
      'invalid',
      `not a model id: ${JSON.stringify(id.slice(0, 100))} (${r.error.issues[0]?.message})`,
    );
  }
  return id;
}

/** True when `child` is strictly inside `root` (both absolute, already resolved). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * `root` + a relative POSIX path, proven lexically inside root. Refuses absolute paths, drive letters,
 * backslashes, NUL, "." / ".." / empty segments: a name that needs any of them is not one of ours.
 */
export function childPath(root: string, rel: string, what: string): string {
  const segments = rel.split('/');
  const ok =
    rel.length > 0 &&
    !rel.includes('\\') &&
    !rel.includes('\0') &&
    !/^[a-zA-Z]:/.test(rel) &&
    segments.every((s) => s !== '' && s !== '.' && s !== '..');
  const base = resolve(root);
  const out = resolve(base, ...segments);
  if (!ok || !isInside(base, out)) {
    throw new ModelError(
      'unsafe-archive',
      `${what} "${rel.slice(0, 200)}" points outside its folder; refused`,
    );
  }
  return out;
}

/**
 * Proves that `path`, with every symlink resolved, is inside `root`'s real path. A path that does not
 * exist yet is judged by its deepest existing ancestor (what a write would go through).
 */
export async function assertRealInside(root: string, path: string, what: string): Promise<void> {
  const realRoot = await realpath(root);
  const tail: string[] = [];
  let probe = resolve(path);
  for (;;) {
    let real: string;
    try {
      real = await realpath(probe);
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT' || dirname(probe) === probe) throw e;
      tail.unshift(basename(probe));
      probe = dirname(probe);
      continue;
    }
    const full = resolve(real, ...tail);
    if (full === realRoot || isInside(realRoot, full)) return;
    break;
  }
  throw new ModelError('unsafe-archive', `${what} leads outside its folder through a symbolic link; refused`);
}

/** A regular file (not a link, device, FIFO or folder): the only kind a model may consist of. */
export async function assertRegularFile(path: string, what: string): Promise<void> {
  const s = await lstat(path).catch(() => undefined);
  if (!s) throw new ModelError('invalid', `${what} is missing`);
  if (!s.isFile()) throw new ModelError('unsafe-archive', `${what} is not a regular file; refused`);
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A file name for what a URL points at: its decoded last segment, reduced to letters, digits and
 * `. _ - +`, never hidden, never a reserved Windows name, at most 120 characters (extension kept).
 * `..%2F..%2Fx` becomes `x`, not a path.
 */
export function safeFileName(raw: string, fallback = 'model'): string {
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    /* malformed %-escape: use it as written */
  }
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/[^A-Za-z0-9._+-]+/g, '_').replace(/^[._]+/, '');
  if (name.length > 120) {
    const ext = /\.[A-Za-z0-9_]{1,16}$/.exec(name)?.[0] ?? '';
    name = name.slice(0, 120 - ext.length) + ext;
  }
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  return name || fallback;
}
