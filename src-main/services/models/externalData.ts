import { stat } from 'node:fs/promises';
import { basename, dirname, posix, win32 } from 'node:path';
import { ModelError } from './errors';
import { assertRealInside, childPath } from './safePaths';

/**
 * onnxruntime follows an initializer's external-data location wherever it points (`../../`, absolute
 * paths, symlinks, /dev/zero), so a model could read any file into its weights. The rule, checked at
 * install (main) and again before every session is created (inference host): each location is a
 * relative path of plain segments, it resolves inside the graph's own folder, every symlink on the way
 * stays inside that folder, and it ends at a regular file.
 */
export async function checkExternalData(graphPath: string, locations: readonly string[]): Promise<void> {
  const root = dirname(graphPath);
  const graph = basename(graphPath);
  for (const loc of locations) {
    const refuse = (why: string): never => {
      throw new ModelError(
        'unsafe-archive',
        `${graph}: its external weights location "${loc.slice(0, 200)}" ${why}; refused (external data must be a file in the graph's own folder)`,
      );
    };
    if (loc === '' || loc.includes('\0')) refuse('is empty or malformed');
    if (posix.isAbsolute(loc) || win32.isAbsolute(loc) || /^[a-zA-Z]:/.test(loc))
      refuse('is an absolute path');
    if (loc.includes('\\')) refuse('uses "\\" (a Windows path)');
    // "./weights.bin" is harmless and some exporters write it; "..", empty segments are not.
    const rel = loc
      .split('/')
      .filter((s) => s !== '.')
      .join('/');
    if (rel.split('/').includes('..')) refuse('climbs out with ".."');
    let target: string;
    try {
      target = childPath(root, rel, 'external data');
    } catch {
      refuse('is not a plain relative path');
    }
    const s = await stat(target!).catch(() => undefined);
    if (!s) throw new ModelError('invalid', `${graph}: its external weights file "${loc}" is missing`);
    await assertRealInside(root, target!, `${graph}: external weights "${loc}"`);
    if (!s.isFile()) refuse('is not a regular file');
  }
}
