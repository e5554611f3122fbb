import type { ErrorMessage } from '../io/errorMessages';
import { describeError, splitMessage } from '../io/errorMessages';

/** `project/<code>` from the web bridge, or `[project/<code>] message` through the Electron preload. */
function projectCode(err: unknown): { code: string; message: string } | null {
  if (typeof err !== 'object' || err === null) return null;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return null;
  if (typeof code === 'string' && code.startsWith('project/')) return { code: code.slice(8), message };
  const m = /^\[project\/([\w-]+)\] ([\s\S]*)$/.exec(message);
  return m?.[1] && m[2] !== undefined ? { code: m[1], message: m[2] } : null;
}

/**
 * What went wrong with a project file and what to do. Main's message already carries its hint ("open its
 * .bak copy", "update the studio"); the title says in words which kind of problem it is.
 */
export function describeProjectError(err: unknown, action: string): ErrorMessage {
  const p = projectCode(err);
  if (!p) return describeError(err, action);
  const title = ((): string => {
    switch (p.code) {
      case 'not-archive':
      case 'foreign':
        return `${action}: it is not a LeviTor project`;
      case 'corrupt':
      case 'too-large':
        return `${action}: the project file is damaged`;
      case 'newer-version':
        return `${action}: it was saved by a newer LeviTor Studio`;
      case 'not-found':
        return `${action}: the file was not found`;
      case 'io':
        return `${action}: the file could not be read or written`;
      default:
        return action;
    }
  })();
  const { text, technical } = splitMessage(p.message);
  const advice =
    p.code === 'newer-version' && !/update/i.test(text) ? ' Update LeviTor Studio to open it.' : '';
  return {
    title,
    detail: `${text}${advice} Your current work was not changed.`,
    ...(technical ? { technical } : {}),
  };
}
