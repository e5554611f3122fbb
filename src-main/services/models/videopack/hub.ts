import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ModelError } from '../errors';
import { httpGet } from '../http';
import type { NetworkPolicy } from '../netPolicy';

/** One file as the hub lists it: size, and the hash to verify it with. */
export interface HubFile {
  path: string;
  bytes: number;
  /** LFS files (the weights): SHA-256 of the content. */
  sha256?: string | undefined;
  /** Small files kept in git (configs): the git blob id, SHA-1 of "blob <size>\0" + content. */
  gitOid?: string | undefined;
}

export interface HubAccess {
  endpoint: string;
  token?: string | undefined;
  tokenOrigins?: readonly string[] | undefined;
  network?: NetworkPolicy | undefined;
  signal?: AbortSignal | undefined;
}

const MAX_LISTING_BYTES = 4 * 1024 * 1024;

/**
 * Lists `dir` of a hub repository at `revision` (GET /api/models/<repo>/tree/<revision>/<dir>), the
 * hub's own record of each file's size and hash. A gated repository answers 401/403 here already, so
 * the missing step is named before any download starts.
 */
export async function listHubDir(
  access: HubAccess,
  repo: string,
  revision: string,
  dir: string,
  gated?: { page: string } | undefined,
): Promise<HubFile[]> {
  const url = `${access.endpoint}/api/models/${repo}/tree/${encodeURIComponent(revision)}/${dir}`;
  const { res, sentToken } = await httpGet({
    url,
    token: access.token,
    tokenOrigins: access.tokenOrigins,
    network: access.network,
    offset: 0,
    signal: access.signal,
    idleTimeoutMs: 30_000,
  });
  const status = res.statusCode ?? 0;
  if (status === 401 || status === 403) {
    res.resume();
    throw gatedError(
      repo,
      status,
      access.token === undefined ? 'none' : sentToken ? 'sent' : 'withheld',
      gated,
    );
  }
  if (status !== 200) {
    res.resume();
    throw new ModelError(
      status === 404 ? 'not-found' : 'http',
      `listing ${repo}/${dir} at ${revision}: HTTP ${status}`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of res) {
    size += (c as Buffer).length;
    if (size > MAX_LISTING_BYTES) throw new ModelError('http', `listing ${repo}/${dir}: answer too large`);
    chunks.push(c as Buffer);
  }
  let entries: unknown;
  try {
    entries = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ModelError('http', `listing ${repo}/${dir}: the hub's answer is not JSON`);
  }
  if (!Array.isArray(entries)) throw new ModelError('http', `listing ${repo}/${dir}: unexpected answer`);
  return entries.flatMap((e: unknown): HubFile[] => {
    const f = e as {
      type?: unknown;
      path?: unknown;
      size?: unknown;
      oid?: unknown;
      lfs?: { oid?: unknown; size?: unknown };
    };
    if (f.type !== 'file' || typeof f.path !== 'string' || !Number.isSafeInteger(f.size)) return [];
    const sha256 = typeof f.lfs?.oid === 'string' && /^[0-9a-f]{64}$/.test(f.lfs.oid) ? f.lfs.oid : undefined;
    const gitOid = typeof f.oid === 'string' && /^[0-9a-f]{40}$/.test(f.oid) ? f.oid : undefined;
    const bytes = sha256 && Number.isSafeInteger(f.lfs?.size) ? (f.lfs?.size as number) : (f.size as number);
    return [{ path: f.path, bytes, sha256, gitOid }];
  });
}

/** What a 401/403 on a gated repository means, as the one step the user still has to take. */
export function gatedError(
  repo: string,
  status: number,
  token: 'sent' | 'withheld' | 'none',
  gated?: { page: string } | undefined,
): ModelError {
  const page = gated?.page ?? `https://huggingface.co/${repo}`;
  if (token === 'none') {
    return new ModelError(
      'unauthorized',
      `${repo} is gated: it needs a Hugging Face access token. Steps: 1) request access at ${page} (logged in), ` +
        '2) create a token with read access at https://huggingface.co/settings/tokens, 3) enter it in the Models panel, ' +
        'or set HF_TOKEN for the command line.',
    );
  }
  if (token === 'withheld') {
    return new ModelError(
      'unauthorized',
      `${repo}: the token is only sent to https://huggingface.co, not to this server`,
    );
  }
  if (status === 401) {
    return new ModelError(
      'unauthorized',
      `${repo}: the hub refused the token (mistyped, expired or revoked). Step missing: a valid token from https://huggingface.co/settings/tokens.`,
    );
  }
  return new ModelError(
    'forbidden',
    `${repo}: the token is valid but has no access to this gated repository. Step missing: request access at ${page} ` +
      'with the account the token belongs to (and wait for it to be granted); a fine-grained token also needs ' +
      '"read access to contents of public gated repositories".',
  );
}

/** Git's blob id of a small file, to check configs against the hub's listing. */
export async function gitBlobOid(path: string): Promise<string> {
  const body = await readFile(path);
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}
