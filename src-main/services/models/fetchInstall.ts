import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CatalogueEntry } from '../../../src-shared/models/catalogue';
import type { GraphContract } from '../../../src-shared/models/manifest';
import { downloadFile, type DownloadOptions } from './download';
import { installFromFolder, installFromZip, looksLikeZip, slugId, type ContractRecognizer } from './install';
import type { NetworkPolicy } from './netPolicy';
import type { IsolationOptions } from './onnxIsolated';
import type { TransferProgress } from './progress';
import type { InstalledModel, ModelRegistry } from './registry';
import { childPath, safeFileName } from './safePaths';
import { dropWorkDir, settleWorkDir } from './workDir';

/** What the service lends these installs: where models go, how graphs are read, where requests may go. */
export interface FetchContext {
  registry: ModelRegistry;
  recognize?: ContractRecognizer | undefined;
  isolation?: IsolationOptions | undefined;
  tokenOrigins?: readonly string[] | undefined;
  network: NetworkPolicy;
  onProgress: (p: TransferProgress) => void;
}

export interface FetchRequest {
  token?: string | undefined;
  signal?: AbortSignal | undefined;
  id?: string | undefined;
  name?: string | undefined;
  contract?: GraphContract | undefined;
  replace?: boolean | undefined;
}

type FileDownload = Pick<DownloadOptions, 'url' | 'dest' | 'sha256'>;

function fetchFile(ctx: FetchContext, req: FetchRequest, f: FileDownload) {
  return downloadFile({
    ...f,
    token: req.token,
    tokenOrigins: ctx.tokenOrigins,
    network: ctx.network,
    signal: req.signal,
    onProgress: ctx.onProgress,
  });
}

/**
 * Runs one download job in `work` (its `.downloads/<key>`): on success the folder goes; otherwise
 * settleWorkDir decides (a pause keeps it, a cancel drops it, a failure keeps only a resumable .part).
 * `finished` are the job's complete downloads, which no later run reuses.
 */
async function inWorkDir<T>(
  work: string,
  signal: AbortSignal | undefined,
  finished: readonly string[],
  run: () => Promise<T>,
): Promise<T> {
  try {
    const out = await run();
    await dropWorkDir(work);
    return out;
  } catch (e) {
    await settleWorkDir(work, signal, finished).catch(() => undefined);
    throw e;
  }
}

/** A URL to one file (a zip or a single graph): downloaded to a resumable spot in `work`, then installed. */
export function installFromUrl(
  ctx: FetchContext,
  req: FetchRequest & { sha256?: string | undefined },
  url: string,
  work: string,
): Promise<InstalledModel> {
  // The server names the file only through the URL: a name, never a path (`..%2F` stays in the folder).
  // Content-Disposition is not read at all: the URL the user gave decides the name.
  const file = safeFileName(new URL(url).pathname.split('/').pop() ?? '');
  const dest = childPath(join(work, 'payload'), file, 'download name');
  return inWorkDir(work, req.signal, [dest], async () => {
    const { sha256 } = await fetchFile(ctx, req, { url, dest, sha256: req.sha256 });
    const common = {
      id: req.id ?? slugId(basename(dest)),
      name: req.name,
      contract: req.contract,
      replace: req.replace,
      signal: req.signal,
      recognize: ctx.recognize,
      isolation: ctx.isolation,
    };
    return looksLikeZip(file)
      ? installFromZip(ctx.registry, dest, {
          ...common,
          source: { kind: 'url', archiveUrl: url },
          extras: { archiveSha256: sha256 },
        })
      : installFromFolder(ctx.registry, join(work, 'payload'), {
          ...common,
          source: { kind: 'url' },
          expected: new Map([[file, { sha256, url }]]),
        });
  });
}

/** A catalogue entry of one zip or a list of files, downloaded into `.downloads/<entry id>`. */
export function installCatalogueDownload(
  ctx: FetchContext,
  entry: CatalogueEntry,
  req: FetchRequest,
): Promise<InstalledModel> {
  const d = entry.download;
  if (d.kind !== 'zip' && d.kind !== 'files') throw new Error(`${entry.id} is not a zip or files entry`);
  const work = ctx.registry.downloadsDir(entry.id);
  const base = {
    id: req.id ?? entry.id,
    name: req.name ?? entry.name,
    contract: entry.contract,
    licence: entry.licence,
    replace: req.replace,
    signal: req.signal,
    catalogueId: entry.id,
    isolation: ctx.isolation,
  };
  if (d.kind === 'zip') {
    const zip = join(work, 'archive.zip');
    return inWorkDir(work, req.signal, [zip], async () => {
      const { sha256 } = await fetchFile(ctx, req, { url: d.url, dest: zip, sha256: d.sha256 });
      const keep = d.keep ? new Set(d.keep) : undefined;
      return installFromZip(ctx.registry, zip, {
        ...base,
        source: { kind: 'huggingface', repo: entry.repo, archiveUrl: d.url },
        extras: { archiveSha256: sha256 },
        // Catalogue zips may nest files; keep the listed graphs by base name, at the top level.
        select: keep ? (p) => (keep.has(p.split('/').pop()!) ? p.split('/').pop()! : null) : undefined,
      });
    });
  }
  const payload = join(work, 'payload');
  const dests = d.files.map((f) => childPath(payload, f.path, `${entry.id} file`));
  return inWorkDir(work, req.signal, dests, async () => {
    await mkdir(payload, { recursive: true });
    const expected = new Map<string, { sha256: string; url: string }>();
    for (const [i, f] of d.files.entries()) {
      const r = await fetchFile(ctx, req, { url: f.url, dest: dests[i]!, sha256: f.sha256 });
      expected.set(f.path, { sha256: r.sha256, url: f.url });
    }
    return installFromFolder(ctx.registry, payload, {
      ...base,
      source: { kind: 'huggingface', repo: entry.repo },
      expected,
    });
  });
}
