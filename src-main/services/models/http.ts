import type { IncomingMessage } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import { ModelError } from './errors';
import { HopGuard, type NetworkPolicy } from './netPolicy';

/**
 * Where an access token may go: the Hugging Face hub itself, over https. Not its CDNs (they get signed
 * URLs and need no token), not http, not the host of an arbitrary URL the user pasted: the token is a
 * Hugging Face credential, and any other server that received it could use it.
 */
export const HUB_TOKEN_ORIGINS: readonly string[] = ['https://huggingface.co', 'https://hf.co'];

/**
 * A URL as messages and progress show it: scheme, host, port and path. Never the query (a signed CDN or
 * storage URL carries its credential there) nor a user name or password.
 */
export function shownUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(a malformed URL)';
  }
}

/** Hugging Face's own hosts (huggingface.co, hf.co and their subdomains: the CDNs, the API). */
export function isHubHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return ['huggingface.co', 'hf.co'].some((d) => h === d || h.endsWith(`.${d}`));
}

/**
 * A download URL may not carry a user name or password (https://user:pw@host/...): the studio would send
 * it on every request, keep it in the model's record (shown in the Models panel) and in its messages.
 * Nor may it name Hugging Face over plain http: the hub only serves https, and a request in clear text
 * (its path names the repository, and a middlebox could answer it) is what the token must never follow.
 */
export function checkDownloadUrl(raw: string): void {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ModelError('invalid', `not a URL: ${raw.slice(0, 200)}`);
  }
  if (u.username || u.password)
    throw new ModelError(
      'invalid',
      `the address ${shownUrl(raw)} holds a user name or password; the studio does not keep credentials in ` +
        'addresses. Use the address without them (a Hugging Face token goes in the Models panel, or ' +
        '--token-file on the command line).',
    );
  if (u.protocol === 'http:' && isHubHost(u.hostname))
    throw new ModelError(
      'invalid',
      `${shownUrl(raw)} names Hugging Face over plain http; the hub is reached over https only (the access ` +
        'token never travels in clear text). Use the same address with https://.',
    );
}

/**
 * What to say before fetching a plain-http URL with no SHA-256 to check it against: anyone on the way
 * (the Wi-Fi, a proxy) can change the bytes, and nothing would notice. Undefined when nothing to say.
 */
export function plainHttpNote(raw: string, sha256: string | undefined): string | undefined {
  if (sha256 !== undefined || !/^http:\/\//i.test(raw)) return undefined;
  return (
    `${shownUrl(raw)} is plain http: the file is not protected in transit, so anyone on the network ` +
    'path could change it unnoticed. Give its SHA-256 (--sha256) to have it checked, or use https.'
  );
}

/** True when a request to `url` may carry the token (exact origin match: scheme, host and port). */
export function tokenAllowed(url: URL, origins: readonly string[] = HUB_TOKEN_ORIGINS): boolean {
  return origins.includes(url.origin);
}

export interface GetOptions {
  url: string;
  token?: string | undefined;
  /** Origins the token may be sent to; the hub's own by default (tests name their local server). */
  tokenOrigins?: readonly string[] | undefined;
  /** First byte wanted (a Range request when > 0). */
  offset: number;
  signal?: AbortSignal | undefined;
  idleTimeoutMs: number;
  maxRedirects?: number;
  /** Which addresses each hop may connect to (netPolicy.ts); absent = the strict one, for the window's requests. */
  network?: NetworkPolicy | undefined;
}

export interface GetResult {
  res: IncomingMessage;
  finalUrl: string;
  /** Whether the request that gave `res` carried the token. */
  sentToken: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GET with manual redirects. Each hop is judged on its own: the bearer token goes only to a hub origin
 * over https (tokenAllowed), so a redirect to http, to the CDN (Hugging Face sends LFS files there with
 * a signed URL) or to any other host never carries it; and every hop's address, resolved at connect
 * time, must pass the network policy (netPolicy.ts).
 */
export async function httpGet(opts: GetOptions): Promise<GetResult> {
  let url = new URL(opts.url);
  const guard = new HopGuard(opts.network ?? {}, opts.url);
  for (let hop = 0; hop <= (opts.maxRedirects ?? 10); hop++) {
    guard.nextHop();
    guard.checkLiteral(url);
    const sentToken = opts.token !== undefined && tokenAllowed(url, opts.tokenOrigins);
    const res = await request(url, opts, sentToken, guard);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (REDIRECTS.has(status) && location) {
      res.resume(); // drain so the socket can be closed
      url = redirectTarget(location, url);
      continue;
    }
    return { res, finalUrl: url.toString(), sentToken };
  }
  throw new ModelError('http', `too many redirects from ${shownUrl(opts.url)}`);
}

/**
 * Where a redirect leads, refused when it leaves http(s) or when it goes from https to plain http: an
 * address the user gave with https is fetched over https to the end, never silently in clear text.
 */
export function redirectTarget(location: string, from: URL): URL {
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    throw new ModelError('http', `${from.host} sent a redirect that is not an address`);
  }
  if (to.protocol !== 'https:' && to.protocol !== 'http:') {
    throw new ModelError('http', `refusing redirect to ${to.protocol} URL`);
  }
  if (from.protocol === 'https:' && to.protocol === 'http:') {
    throw new ModelError(
      'http',
      `${from.host} redirected the download from https to plain http (${to.host}); the studio does not ` +
        'give up encryption on the way. Ask the server for an https address.',
    );
  }
  return to;
}

function request(url: URL, opts: GetOptions, withToken: boolean, guard: HopGuard): Promise<IncomingMessage> {
  const headers: Record<string, string> = { 'user-agent': 'levitor-studio', 'accept-encoding': 'identity' };
  if (opts.offset > 0) headers['range'] = `bytes=${opts.offset}-`;
  if (withToken && opts.token) headers['authorization'] = `Bearer ${opts.token}`;
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // agent: false: a fresh connection per request, so a pooled socket (opened for another download, under
    // another policy) never skips the address check that `lookup` makes when connecting.
    const lookup = guard.lookupFor(url);
    const req = mod.get(url, { headers, signal: opts.signal, lookup, agent: false }, resolve);
    req.setTimeout(opts.idleTimeoutMs, () => {
      const err = Object.assign(new Error(`no data for ${opts.idleTimeoutMs} ms`), { code: 'ETIMEDOUT' });
      req.destroy(err);
    });
    req.on('error', reject);
  });
}

/** Parses "bytes start-end/total" (total may be "*"). */
export function parseContentRange(
  v: string | undefined,
): { start: number; end: number; total: number | undefined } | undefined {
  const m = v ? /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(v.trim()) : null;
  if (!m) return undefined;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

/** `token`: 'sent' (the server refused it), 'withheld' (given, but not for this host), 'none'. */
export function statusError(status: number, url: string, token: 'sent' | 'withheld' | 'none'): ModelError {
  const host = new URL(url).host;
  if (status === 401) {
    return new ModelError(
      'unauthorized',
      token === 'sent'
        ? `401 Unauthorized from ${host}: the access token was refused; check it (Hugging Face: Settings > Access Tokens)`
        : token === 'withheld'
          ? `401 Unauthorized from ${host}: the access token is only ever sent to huggingface.co over https, not to this server`
          : `401 Unauthorized from ${host}: this file needs an access token (gated repo); set $HF_TOKEN or pass --token-file, or set it in the models panel`,
    );
  }
  if (status === 403) {
    return new ModelError(
      'forbidden',
      `403 Forbidden from ${host}: the token has no access. For a gated Hugging Face repo, accept its licence on the model page with the same account, and use a token with read access`,
    );
  }
  // Never the query: after a hub redirect it is a signed CDN URL, a credential of its own.
  if (status === 404) {
    const u = new URL(url);
    return new ModelError('not-found', `404 Not Found: ${u.origin}${u.pathname}`);
  }
  if (status >= 500) return new ModelError('server', `server error ${status} from ${host}`);
  return new ModelError('http', `unexpected HTTP ${status} from ${host}`);
}

/** Transient = worth retrying: 5xx, 408, 429, connection resets, timeouts, truncated bodies. */
export function isTransient(e: unknown): boolean {
  if (e instanceof ModelError) return e.code === 'server' || e.code === 'network';
  const code = (e as { code?: string } | null)?.code;
  return (
    [
      'ECONNRESET',
      'ECONNREFUSED',
      'ETIMEDOUT',
      'EPIPE',
      'EAI_AGAIN',
      'ENOTFOUND',
      'ENETUNREACH',
      'EHOSTUNREACH',
      'ECONNABORTED',
      'ERR_STREAM_PREMATURE_CLOSE',
      'UND_ERR_SOCKET',
    ].includes(code ?? '') ||
    (e instanceof Error && /aborted|socket hang up|premature/i.test(e.message))
  );
}
