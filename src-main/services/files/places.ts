import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { StudioError } from '../../../src-shared/ipc/contract';

/**
 * Where the browser host's in-app picker may go: folders under the allowed roots (the user's home by
 * default), never through a hidden name (`.ssh`, `.config`: settings, keys and the studio's own data live
 * there), never outside a root through a symbolic link. Writes are also refused inside the studio's own
 * folders (data, models), whatever their names.
 */
export interface PlaceRules {
  /** Real paths of the allowed roots. */
  readonly roots: readonly string[];
  /** Real paths of folders nothing may be written into (the data and models folders). */
  readonly noWrite: readonly string[];
}

export function isInside(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** A name the picker shows and accepts: one segment, not hidden, no separators or NUL. */
export function isPlainName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    !name.startsWith('.') &&
    !/[/\\\0]/.test(name) &&
    name.trim() === name
  );
}

function outside(what: string): StudioError {
  return new StudioError(
    'files/outside',
    `${what} is outside the places the studio can use here (folders under your home folder, not hidden ones). Choose a folder there.`,
  );
}

/** The root holding `real` with no hidden name on the way down, or null. */
function rootOf(rules: PlaceRules, real: string): string | null {
  for (const root of rules.roots) {
    if (!isInside(real, root)) continue;
    const rel = relative(root, real);
    if (rel === '' || rel.split(sep).every(isPlainName)) return root;
  }
  return null;
}

/** Resolves a folder the renderer names to its real path, proven inside a root. */
export async function checkFolder(rules: PlaceRules, dir: string): Promise<{ real: string; root: string }> {
  if (!isAbsolute(dir) || dir.includes('\0')) throw outside(`"${dir}"`);
  const real = await realpath(resolve(dir)).catch(() => {
    throw new StudioError('files/not-found', `The folder "${dir}" does not exist. Choose another one.`);
  });
  const root = rootOf(rules, real);
  if (!root) throw outside(`"${dir}"`);
  const info = await stat(real);
  if (!info.isDirectory()) throw new StudioError('files/not-a-folder', `"${dir}" is not a folder.`);
  return { real, root };
}

/** The parent a picker may go up to (null at a root). */
export function parentOf(real: string, root: string): string | null {
  return real === root ? null : dirname(real);
}

/** An entry inside a checked folder: what it is once links are followed, or null when hidden or leading out. */
export async function entryKind(
  rules: PlaceRules,
  folder: string,
  name: string,
): Promise<{ kind: 'dir' | 'file'; path: string; bytes: number; mtimeMs: number } | null> {
  if (!isPlainName(name)) return null;
  const path = join(folder, name);
  const l = await lstat(path).catch(() => null);
  if (!l) return null;
  let real = path;
  if (l.isSymbolicLink()) {
    real = await realpath(path).catch(() => '');
    if (!real || !rootOf(rules, real)) return null;
  }
  const s = l.isSymbolicLink() ? await stat(real).catch(() => null) : l;
  if (!s) return null;
  if (s.isDirectory()) return { kind: 'dir', path: real, bytes: 0, mtimeMs: s.mtimeMs };
  if (s.isFile()) return { kind: 'file', path: real, bytes: s.size, mtimeMs: s.mtimeMs };
  return null; // devices, FIFOs, sockets: never offered
}

/** Refuses a write target inside the studio's own folders. */
export function checkWritable(rules: PlaceRules, target: string): void {
  if (rules.noWrite.some((d) => isInside(target, d)))
    throw new StudioError(
      'files/studio-folder',
      `"${basename(target)}" would be written into the studio's own data folder. Choose a folder of your own.`,
    );
}
