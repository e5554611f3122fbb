import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TrustedPage {
  /** Absolute path of the app's own built renderer page (out/renderer/index.html beside the main bundle). */
  rendererIndex: string;
  /** The electron-vite dev server in development; absent in a packaged app. */
  devUrl?: string | undefined;
}

/**
 * Our page: exactly the app's own renderer/index.html from file:// (any other file named like it, e.g. one
 * a downloaded archive unpacked, is not ours), or in development the dev server's origin.
 */
export function isTrustedUrl(url: string, page: TrustedPage): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'file:') {
    if (u.host !== '') return false; // file://server/share/... is a network path, never ours
    const norm = (p: string): string => {
      const r = resolve(p);
      return process.platform === 'win32' ? r.toLowerCase() : r;
    };
    try {
      return norm(fileURLToPath(u)) === norm(page.rendererIndex);
    } catch {
      return false;
    }
  }
  if (page.devUrl) return u.origin === new URL(page.devUrl).origin;
  return false;
}
