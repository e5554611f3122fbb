/**
 * One CSP for the Electron window and the browser host: only our own code, images from our asset
 * protocol / blob / data, no remote content. `ws:` is needed by the browser host's bridge (same origin
 * only in practice: the server refuses any other Origin).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' studio-asset: blob: data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
