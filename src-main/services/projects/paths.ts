import { isAbsolute, normalize } from 'node:path';
import { ProjectError } from '../../../src-shared/project';

/** Checks a path that came from the renderer before main touches the disk with it. */
export function checkProjectPath(path: unknown): string {
  if (typeof path !== 'string' || path.length === 0 || path.length > 4096 || path.includes('\0')) {
    throw new ProjectError('invalid', 'The project path is not a valid path.', 'Pick the file again.');
  }
  if (!isAbsolute(path))
    throw new ProjectError('invalid', `The project path must be absolute: ${path}`, 'Pick the file again.');
  const n = normalize(path);
  if (!n.toLowerCase().endsWith('.levitor'))
    throw new ProjectError('invalid', `Project files end in .levitor: ${path}`, 'Pick a .levitor file.');
  // Device and kernel namespaces: never read or write those, whatever the name ends with.
  if (/^(\/dev|\/proc|\/sys)(\/|$)/.test(n) || /^\\\\[.?]\\/.test(path)) {
    throw new ProjectError(
      'invalid',
      `Not a place for a project file: ${path}`,
      'Pick a file in your documents.',
    );
  }
  return n;
}
