import { TransportErrorCode } from '../bridge/errors';

export interface ErrorMessage {
  readonly title: string;
  readonly detail: string;
}

const FORMATS = 'Open a PNG, JPEG or WebP image.';

/** What to do when the browser host restarted under an open page (its old link no longer works). */
export const HOST_RESTARTED_ADVICE =
  'This page’s link is no longer valid. Open the new link that `npm run studio:web` printed in its terminal; the unsaved work (as of the last autosave) is offered for recovery there.';

/** What to do when the host has not answered for a while (stopped, or restarted on another port). */
export const HOST_GONE_ADVICE =
  'The page keeps trying. If `npm run studio:web` stopped, start it again and open the link it prints; if it restarted, open its new link. Unsaved work (as of the last autosave) is offered for recovery there.';

/**
 * Turns host and transport errors into what happened and what to do. Codes are matched by their last
 * part so "image/not-an-image" and "not-an-image" read the same; the host's own message is kept as detail
 * for codes we do not know.
 */
export function describeError(err: unknown, fallbackTitle: string): ErrorMessage {
  if (!hasCode(err)) {
    return { title: fallbackTitle, detail: err instanceof Error ? err.message : String(err) };
  }
  const code = err.code.split('/').pop() ?? err.code;
  switch (code) {
    case 'not-an-image':
    case 'unsupported-format':
    case 'decode-failed':
      return {
        title: `${fallbackTitle}: it is not an image the studio can read`,
        detail: withAdvice(err.message),
      };
    case 'too-large':
    case 'too-many-pixels':
    case 'file-too-large':
      return {
        title: `${fallbackTitle}: the image is too large`,
        detail: `${err.message} Scale it down (8192 px on the longest side at most) and open it again.`,
      };
    case 'not-found':
      return { title: `${fallbackTitle}: the file was not found`, detail: err.message };
    case TransportErrorCode.ConnectionLost.split('/')[1]:
      return {
        title: `${fallbackTitle}: the connection to the studio was lost`,
        detail:
          'It reconnects by itself; try again in a moment. If it stays offline, restart npm run studio:web.',
      };
    case TransportErrorCode.HostRestarted.split('/')[1]:
      return { title: `${fallbackTitle}: the studio restarted`, detail: HOST_RESTARTED_ADVICE };
    default:
      return { title: fallbackTitle, detail: err.message };
  }
}

function withAdvice(message: string): string {
  return /PNG/i.test(message) && /WebP/i.test(message) ? message : `${message} ${FORMATS}`;
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
