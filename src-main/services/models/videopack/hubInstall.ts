import { existsSync } from 'node:fs';
import { mkdir, stat, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CatalogueEntry, HubRepoFiles } from '../../../../src-shared/models/catalogue';
import type { PrecisionChoice, VideoPrecision } from '../../../../src-shared/models/videoPrecision';
import { ModelError } from '../errors';
import type { NetworkPolicy } from '../netPolicy';
import type { TransferProgress } from '../progress';
import type { InstalledModel, ModelRegistry } from '../registry';
import { childPath } from '../safePaths';
import type { PackShape } from './build';
import { listHubDir, type HubFile } from './hub';
import { downloadPlan } from './hubDownload';
import { dropWorkDir, settleWorkDir } from '../workDir';
import { installVideoFromDir, installVideoFromPayload } from './install';

export interface HubInstallContext {
  registry: ModelRegistry;
  templateDir: string;
  /** Why the template's precision was chosen (recorded in the pack and model manifests). */
  precision?: PrecisionChoice | undefined;
  endpoint: string;
  tokenOrigins?: readonly string[] | undefined;
  network?: NetworkPolicy | undefined;
  onProgress?: ((p: TransferProgress) => void) | undefined;
}

export interface HubInstallRequest {
  token?: string | undefined;
  signal?: AbortSignal | undefined;
  id?: string | undefined;
  name?: string | undefined;
  replace?: boolean | undefined;
  /** Install from repositories already on disk (clones or a Hugging Face cache): no download. */
  from?: string | undefined;
  shape?: PackShape | undefined;
}

/**
 * The template for the video model: resources/video-template/<precision> beside the app (packaged:
 * process.resourcesPath/video-template), found by walking up from this module in a checkout.
 */
export function findVideoTemplate(
  precision: VideoPrecision = 'fp16',
  from = import.meta.dirname,
): string | undefined {
  let dir = from;
  for (let i = 0; i < 7; i++) {
    const candidate = join(dir, 'resources', 'video-template', precision);
    if (existsSync(join(candidate, 'template.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/**
 * Installs a 'hub-checkpoints' catalogue entry: lists each repository folder on the hub (sizes and
 * hashes; a gated repository names the missing step here, before any byte), checks free space, downloads
 * every file resumably and verifies it (SHA-256 for LFS files, the git blob id for configs), then builds
 * the pack in place. With `from`, the same checks run on files already on disk.
 */
export async function installHubEntry(
  ctx: HubInstallContext,
  entry: CatalogueEntry,
  repos: HubRepoFiles[],
  req: HubInstallRequest,
): Promise<InstalledModel> {
  const opts = {
    templateDir: ctx.templateDir,
    precision: ctx.precision,
    shape: req.shape,
    id: req.id ?? entry.id,
    name: req.name ?? entry.name,
    licence: entry.licence,
    catalogueId: entry.id,
    replace: req.replace,
    signal: req.signal,
    onProgress: ctx.onProgress,
  };
  if (req.from !== undefined) {
    return installVideoFromDir(ctx.registry, req.from, {
      ...opts,
      source: { kind: 'local', repo: req.from },
    });
  }
  const access = {
    endpoint: ctx.endpoint,
    token: req.token,
    tokenOrigins: ctx.tokenOrigins,
    network: ctx.network,
    signal: req.signal,
  };
  const plan: { repo: HubRepoFiles; rel: string; url: string; hub: HubFile }[] = [];
  for (const repo of repos) {
    const listed = new Map<string, HubFile>();
    for (const dir of new Set(repo.files.map((f) => f.path.split('/').slice(0, -1).join('/')))) {
      const gated = repo.gatedAccessPage ? { page: repo.gatedAccessPage } : undefined;
      for (const f of await listHubDir(access, repo.repo, repo.revision, dir, gated)) listed.set(f.path, f);
    }
    for (const f of repo.files) {
      const hub = listed.get(f.path);
      if (!hub) throw new ModelError('not-found', `${repo.repo} has no ${f.path} at ${repo.revision}`);
      const url = `${ctx.endpoint}/${repo.repo}/resolve/${encodeURIComponent(repo.revision)}/${f.path}`;
      plan.push({ repo, rel: `${repo.folder}/${f.path}`, url, hub });
    }
  }
  const work = ctx.registry.downloadsDir(entry.id);
  const payload = join(work, 'payload');
  const planned = plan.map((p) => ({
    label: `${p.repo.repo}/${p.hub.path}`,
    url: p.url,
    dest: childPath(payload, p.rel, `${entry.id} file`),
    hub: p.hub,
  }));
  let installed: InstalledModel;
  try {
    await mkdir(payload, { recursive: true });
    await checkFreeSpace(payload, plan);
    const byDest = await downloadPlan(planned, { ...access, onProgress: ctx.onProgress });
    const known = new Map(plan.map((p, i) => [p.rel, byDest.get(planned[i]!.dest)!]));
    installed = await installVideoFromPayload(
      ctx.registry,
      payload,
      { ...opts, source: { kind: 'huggingface', repo: entry.repo } },
      known,
    );
  } catch (e) {
    // Cancel means "I do not want it": the gigabytes already fetched go too. A pause, a network
    // failure or a failed build keeps them (verified files are reused by the next run); folders the
    // job made and left empty (a disk-full refusal before any byte) go.
    await settleWorkDir(work, req.signal).catch(() => undefined);
    throw e;
  }
  await dropWorkDir(work);
  return installed;
}

/** Bytes still to fetch (finished files and .part files count as done) against the disk's free space. */
async function checkFreeSpace(payload: string, plan: { rel: string; hub: HubFile }[]): Promise<void> {
  let need = 0;
  for (const p of plan) {
    const dest = join(payload, ...p.rel.split('/'));
    const have =
      (await stat(dest).catch(() => undefined))?.size ??
      (await stat(`${dest}.part`).catch(() => undefined))?.size ??
      0;
    need += Math.max(0, p.hub.bytes - have);
  }
  const fs = await statfs(payload);
  const free = fs.bavail * fs.bsize;
  const margin = 64 * 1024 * 1024; // the graphs and manifests written after the download
  if (free < need + margin) {
    throw new ModelError(
      'disk-full',
      `the video model needs ${(need / 1e9).toFixed(2)} GB more, the models disk has ${(free / 1e9).toFixed(2)} GB free: free space or choose another models folder`,
    );
  }
}
