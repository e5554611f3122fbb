import { TransportErrorCode } from '../bridge/errors';
import { IMAGE_LIMITS } from '../../src-shared/ipc/contract';

export interface ErrorMessage {
  /** What happened, in words (never a library's text). */
  readonly title: string;
  /** What to do; said once, not a repeat of the title. */
  readonly detail: string;
  /** The underlying error text, shown only behind "Details". */
  readonly technical?: string;
}

const INTERNAL =
  'Something went wrong inside the studio. Try again; if it keeps happening, restart the studio and ' +
  'report what you did with the details below.';

/**
 * A host message is a sentence for the user, optionally followed by a line break and the technical
 * cause (a library's own text): see src-shared/ipc/README.md.
 */
export function splitMessage(message: string): { text: string; technical?: string } {
  const nl = message.indexOf('\n');
  const text = (nl < 0 ? message : message.slice(0, nl)).trim();
  const rest = nl < 0 ? '' : message.slice(nl + 1).trim();
  return rest ? { text, technical: rest } : { text };
}

/** Library and validation text does not read as a sentence for a person: it goes behind "Details". */
function looksTechnical(text: string): boolean {
  return (
    text.length > 240 ||
    /^\w*(Error|Exception)\b|\bat \S+ \(|Invalid input|expected \w+, received|^\[\s*\{|ENOENT|EACCES|EISDIR|errno/i.test(
      text,
    )
  );
}

/** What to do when the browser host restarted under an open page (its old link no longer works). */
export const HOST_RESTARTED_ADVICE =
  'This page’s link is no longer valid. Open the new link that `npm run studio:web` printed in its terminal; the unsaved work (as of the last autosave) is offered for recovery there.';

/** What to do when the host has not answered for a while (stopped, or restarted on another port). */
export const HOST_GONE_ADVICE =
  'The page keeps trying. If `npm run studio:web` stopped, start it again and open the link it prints; if it restarted, open its new link. Unsaved work (as of the last autosave) is offered for recovery there.';

/**
 * Turns host and transport errors into what happened and what to do. Codes are matched by their last
 * part so "image/not-an-image" and "not-an-image" read the same; the host's own text becomes the detail
 * for codes we do not know, and anything technical (library text, validation output) goes behind
 * "Details" instead of into the headline.
 */
export function describeError(thrown: unknown, fallbackTitle: string): ErrorMessage {
  const err = withCode(thrown);
  if (!hasCode(err)) {
    const raw = err instanceof Error ? err.message : String(err);
    const { text, technical } = splitMessage(raw);
    if (!text || looksTechnical(text)) return { title: fallbackTitle, detail: INTERNAL, technical: raw };
    return { title: fallbackTitle, detail: text, ...(technical ? { technical } : {}) };
  }
  const code = err.code.split('/').pop() ?? err.code;
  const { text, technical } = splitMessage(err.message);
  const withRaw = (title: string, detail: string): ErrorMessage => ({
    title,
    detail,
    technical: err.message.trim(),
  });
  switch (code) {
    case 'not-an-image':
    case 'unsupported-format':
      return withRaw(
        `${fallbackTitle}: it is not an image the studio can read`,
        'Save it as PNG, JPEG or WebP and open that file.',
      );
    case 'decode-failed':
      return withRaw(
        `${fallbackTitle}: the file is damaged or incomplete`,
        'Export or download it again, then open the new copy.',
      );
    case 'too-large':
    case 'too-many-pixels':
    case 'file-too-large':
      // The host says the size and the limit; this adds nothing that could contradict it.
      return {
        title: `${fallbackTitle}: the image is too large`,
        detail: text || `Scale it down to ${IMAGE_LIMITS.maxSide} px a side at most and open it again.`,
        ...(technical ? { technical } : {}),
      };
    case 'not-found':
      return withRaw(
        `${fallbackTitle}: the file was not found`,
        'It may have been moved or deleted. Choose it again.',
      );
    case TransportErrorCode.ConnectionLost.split('/')[1]:
      return {
        title: `${fallbackTitle}: the connection to the studio was lost`,
        detail:
          'It reconnects by itself; try again in a moment. If it stays offline, restart npm run studio:web.',
      };
    case TransportErrorCode.HostRestarted.split('/')[1]:
      return { title: `${fallbackTitle}: the studio restarted`, detail: HOST_RESTARTED_ADVICE };
    case 'bad-request':
    case 'internal':
    case 'unknown-channel':
      return withRaw(fallbackTitle, INTERNAL);
    default:
      if (!text || looksTechnical(text)) return withRaw(fallbackTitle, INTERNAL);
      return { title: fallbackTitle, detail: text, ...(technical ? { technical } : {}) };
  }
}

/** Through the Electron preload an error keeps only its message, which then reads `[area/code] text`. */
function withCode(err: unknown): unknown {
  if (hasCode(err) || !(err instanceof Error)) return err;
  const m = /^\[([\w-]+\/[\w-]+)\] ([\s\S]*)$/.exec(err.message);
  return m?.[1] && m[2] !== undefined ? { code: m[1], message: m[2] } : err;
}

/** Errors carry a code whether they came over the WebSocket or through the preload (class identity is lost there). */
function hasCode(err: unknown): err is { code: string; message: string } {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    typeof (err as { message?: unknown }).message === 'string'
  );
}
