/** Our pages: the built renderer from file:// or, in development, the electron-vite dev server origin. */
export function isTrustedUrl(url: string, devUrl?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'file:') return u.pathname.endsWith('/renderer/index.html');
  if (devUrl) return u.origin === new URL(devUrl).origin;
  return false;
}
