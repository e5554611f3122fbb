import { lstat, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ModelFile } from '../../../src-shared/models/manifest';
import { downloadFile } from './download';
import { ModelError, throwIfAborted } from './errors';
import { shownUrl } from './http';
import { sha256File } from './fsutil';
import type { NetworkPolicy } from './netPolicy';
import type { TransferProgress } from './progress';
import type { ModelRegistry } from './registry';
import { assertRealInside } from './safePaths';
import { extractZip } from './zip';

export type FileStatus = 'ok' | 'missing' | 'wrong-size' | 'wrong-checksum';

export interface VerifyReport {
  id: string;
  ok: boolean;
  files: { path: string; status: FileStatus }[];
}

export interface VerifyOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((p: TransferProgress) => void) | undefined;
}

/** Re-hashes every file of an installed model against its manifest. */
export async function verifyModel(
  registry: ModelRegistry,
  id: string,
  opts: VerifyOptions = {},
): Promise<VerifyReport> {
  const manifest = await registry.readManifest(id);
  const files: VerifyReport['files'] = [];
  for (const f of manifest.files) {
    throwIfAborted(opts.signal);
    files.push({ path: f.path, status: await checkFile(registry.filePath(id, f.path), f) });
    opts.onProgress?.({
      what: f.path,
      receivedBytes: f.bytes,
      totalBytes: f.bytes,
      bytesPerSecond: 0,
      etaSeconds: 0,
      done: true,
    });
  }
  return { id, ok: files.every((f) => f.status === 'ok'), files };
}

async function checkFile(path: string, f: ModelFile): Promise<FileStatus> {
  // lstat: a link, FIFO or device where a model file should be is not that file (and is never followed).
  const s = await lstat(path).catch(() => undefined);
  if (!s?.isFile()) return 'missing';
  if (s.size !== f.bytes) return 'wrong-size';
  return (await sha256File(path)).sha256 === f.sha256 ? 'ok' : 'wrong-checksum';
}

export interface RepairOptions extends VerifyOptions {
  token?: string | undefined;
  tokenOrigins?: readonly string[] | undefined;
  network?: NetworkPolicy | undefined;
}

/**
 * Re-fetches only the broken files: from each file's own URL, else from the model's source archive (the
 * zip is downloaded again and only the broken entries are taken). A fetched file must match the
 * manifest's SHA-256 before it replaces anything.
 */
export async function repairModel(
  registry: ModelRegistry,
  id: string,
  opts: RepairOptions = {},
): Promise<VerifyReport> {
  const manifest = await registry.readManifest(id);
  const before = await verifyModel(registry, id, { signal: opts.signal });
  const broken = manifest.files.filter((f) => before.files.find((b) => b.path === f.path)?.status !== 'ok');
  if (broken.length === 0) return before;
  const noUrl = broken.filter((f) => !f.url);
  if (noUrl.length > 0 && !manifest.source.archiveUrl) {
    throw new ModelError(
      'invalid',
      `cannot repair ${id}: no download URL for ${noUrl.map((f) => f.path).join(', ')}; reinstall it from its folder or zip`,
    );
  }
  // Repair writes into the model folder: a planted symlink must not carry those writes elsewhere.
  for (const f of broken) {
    await assertRealInside(registry.dir(id), dirname(registry.filePath(id, f.path)), `${id}/${f.path}`);
  }
  for (const f of broken.filter((b) => b.url)) {
    await downloadFile({
      url: f.url!,
      dest: registry.filePath(id, f.path),
      sha256: f.sha256,
      bytes: f.bytes,
      token: opts.token,
      tokenOrigins: opts.tokenOrigins,
      network: opts.network,
      signal: opts.signal,
      onProgress: opts.onProgress,
    });
  }
  if (noUrl.length > 0) await repairFromArchive(registry, id, manifest.source.archiveUrl!, noUrl, opts);
  return verifyModel(registry, id, { signal: opts.signal });
}

async function repairFromArchive(
  registry: ModelRegistry,
  id: string,
  url: string,
  files: ModelFile[],
  opts: RepairOptions,
): Promise<void> {
  const work = await registry.createStaging('repair-');
  try {
    const zip = join(work, 'archive.zip');
    await downloadFile({
      url,
      dest: zip,
      token: opts.token,
      tokenOrigins: opts.tokenOrigins,
      network: opts.network,
      signal: opts.signal,
      onProgress: opts.onProgress,
    });
    const wanted = new Set(files.map((f) => f.path));
    const out = join(work, 'files');
    await extractZip(zip, out, { select: (p) => (wanted.has(p) ? p : null), signal: opts.signal });
    for (const f of files) {
      const got = join(out, ...f.path.split('/'));
      const h = await sha256File(got).catch(() => undefined);
      if (h?.sha256 !== f.sha256) {
        throw new ModelError(
          'checksum',
          `repair of ${id}: ${f.path} from ${shownUrl(url)} does not match the recorded SHA-256`,
        );
      }
    }
    for (const f of files) {
      const dest = registry.filePath(id, f.path);
      await mkdir(dirname(dest), { recursive: true });
      await rename(join(out, ...f.path.split('/')), dest);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
