import { copyFile, link, mkdir, readdir, realpath, rename, rm, stat, statfs } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Licence, ModelSource } from '../../../../src-shared/models/manifest';
import type { PrecisionChoice } from '../../../../src-shared/models/videoPrecision';
import { readBounded } from '../../fs/readBounded';
import { ModelError, mapFsError, throwIfAborted } from '../errors';
import { exists, sha256File, writeJsonAtomic } from '../fsutil';
import { finalize } from '../install';
import type { TransferProgress } from '../progress';
import { FILES_DIR, type InstalledModel, type ModelRegistry } from '../registry';
import { childPath } from '../safePaths';
import {
  checkSources,
  DEFAULT_PACK_SHAPE,
  packManifest,
  requiredSourceFiles,
  writeGraphs,
  type PackShape,
} from './build';
import { loadVideoTemplate, type VideoTemplate } from './template';

/** Hub repository of each top folder of the install layout (the folder names of `git clone`). */
export const HUB_REPOS: Record<string, string> = {
  'stable-video-diffusion-img2vid-xt': 'stabilityai/stable-video-diffusion-img2vid-xt',
  LeviTor: 'hlwang06/LeviTor',
};

export interface VideoInstallOptions {
  templateDir: string;
  /** Why this template's precision (recorded); absent: the template's precision, no reason known. */
  precision?: PrecisionChoice | undefined;
  /** Resolution, frames and decode chunk of the pack (default: the reference's 288x512, 16 frames). */
  shape?: PackShape | undefined;
  id: string;
  name: string;
  licence: Licence;
  source: ModelSource;
  catalogueId?: string | undefined;
  replace?: boolean | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: TransferProgress) => void) | undefined;
}

type Known = Map<string, { sha256: string; bytes: number }>;

/**
 * Installs the video model from checkpoints already on disk: DIR holds the two repositories as cloned
 * from the hub (DIR/stable-video-diffusion-img2vid-xt/..., DIR/LeviTor/...), or DIR is a Hugging Face
 * cache folder (DIR/models--org--name/snapshots/<rev>/...). Files are hard-linked into the model folder
 * (same disk: no second copy, and the model survives deleting DIR); across disks they are copied after a
 * free-space check. A cache blob is named by its SHA-256, which is checked.
 */
export async function installVideoFromDir(
  registry: ModelRegistry,
  from: string,
  opts: VideoInstallOptions,
): Promise<InstalledModel> {
  const template = await loadVideoTemplate(opts.templateDir);
  const wanted = requiredSourceFiles(template);
  const found = new Map<string, string>();
  const absent: string[] = [];
  for (const rel of wanted) {
    const src = await locate(from, rel);
    if (src) found.set(rel, src);
    else absent.push(rel);
  }
  if (absent.length > 0) {
    throw new ModelError(
      'invalid',
      `${from} lacks ${absent.join(', ')}: it must hold stable-video-diffusion-img2vid-xt/ and LeviTor/ as cloned from the hub (git lfs pull done), or be a Hugging Face cache folder`,
    );
  }
  const staging = await registry.createStaging();
  try {
    const known: Known = new Map();
    const needCopy: [string, string][] = [];
    for (const [rel, src] of found) {
      throwIfAborted(opts.signal);
      const dest = childPath(join(staging, FILES_DIR), rel, 'video model file');
      await mkdir(dirname(dest), { recursive: true });
      const real = await realpath(src);
      // A cache snapshot is symlinks by design; what they end at must be a file (a FIFO would hang the
      // header check, /dev/zero would be copied until the disk is full).
      if (!(await stat(real)).isFile()) {
        throw new ModelError('invalid', `${src} is not a regular file (a pipe, device or folder); refused`);
      }
      const linked = await link(real, dest).then(
        () => true,
        () => false,
      );
      if (!linked) needCopy.push([real, dest]);
      const blob = basename(real);
      if (/^[0-9a-f]{64}$/.test(blob)) {
        // A Hugging Face cache blob: its name is the file's SHA-256 (LFS files). Check it, keep the hash.
        const h = await sha256File(real);
        if (h.sha256 !== blob) {
          throw new ModelError(
            'checksum',
            `${src}: SHA-256 ${h.sha256} does not match its cache name ${blob}; delete it from the cache and download again`,
          );
        }
        known.set(rel, h);
      }
    }
    if (needCopy.length > 0) await copyAll(needCopy, staging, opts.signal);
    return await buildAndCommit(registry, staging, opts, known);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Installs downloaded files (payload = hub layout, hashes known from the download): hard-linked into the
 * staging folder (same disk: the models folder), so a build that fails leaves the downloads in place for
 * the next try instead of deleting gigabytes; the caller removes the payload once installed.
 */
export async function installVideoFromPayload(
  registry: ModelRegistry,
  payload: string,
  opts: VideoInstallOptions,
  known: Known,
): Promise<InstalledModel> {
  const template = await loadVideoTemplate(opts.templateDir);
  const staging = await registry.createStaging();
  try {
    for (const rel of requiredSourceFiles(template)) {
      const dest = childPath(join(staging, FILES_DIR), rel, 'video model file');
      await mkdir(dirname(dest), { recursive: true });
      const src = childPath(payload, rel, 'video model file');
      await link(src, dest).catch(() =>
        // A file system without hard links: move it (a failed build then costs that download).
        rename(src, dest).catch((e: unknown) => {
          throw mapFsError(e, dest);
        }),
      );
    }
    return await buildAndCommit(registry, staging, opts, known);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function buildAndCommit(
  registry: ModelRegistry,
  staging: string,
  opts: VideoInstallOptions,
  known: Known,
): Promise<InstalledModel> {
  const template = await loadVideoTemplate(opts.templateDir);
  const root = join(staging, FILES_DIR);
  const headers = await checkSources(root, template);
  throwIfAborted(opts.signal);
  const { files: graphs } = await writeGraphs(root, template, headers);
  const records: { path: string; bytes: number; sha256: string }[] = [];
  for (const rel of [...graphs, ...requiredSourceFiles(template)]) {
    throwIfAborted(opts.signal);
    const h = known.get(rel) ?? (await sha256File(childPath(root, rel, 'video model file')));
    known.set(rel, h);
    records.push({ path: rel, ...h });
    opts.onProgress?.({
      what: rel,
      receivedBytes: h.bytes,
      totalBytes: h.bytes,
      bytesPerSecond: 0,
      etaSeconds: 0,
      done: true,
    });
  }
  const sources = Object.values(HUB_REPOS).map((name) => ({
    name,
    licence: name.startsWith('stabilityai/') ? (opts.licence.url ?? '') : 'Apache-2.0',
  }));
  const manifest = packManifest(template, opts.shape ?? DEFAULT_PACK_SHAPE, records, sources);
  const videoPrecision = recordedPrecision(template, opts.precision);
  manifest['precision'] = { ...(manifest['precision'] as object), ...videoPrecision };
  await writeJsonAtomic(join(root, 'manifest.json'), manifest);
  return finalize(
    registry,
    staging,
    {
      id: opts.id,
      name: opts.name,
      contract: 'levitor-video-pack-v1',
      licence: opts.licence,
      source: opts.source,
      catalogueId: opts.catalogueId,
      replace: opts.replace,
      signal: opts.signal,
      known,
      extras: { videoPrecision },
    },
    opts.source,
  );
}

/**
 * What the manifests record about the compute precision: the template's (what the graphs do), the
 * provider it was chosen for and why. A template given explicitly (LEVITOR_VIDEO_TEMPLATE_DIR, tests)
 * decides over the choice, and the reason says so.
 */
function recordedPrecision(
  template: VideoTemplate,
  choice: PrecisionChoice | undefined,
): { weights: string; provider: string | null; chosenBy: string; reason: string } {
  const weights = String((template.pack['precision'] as { weights?: unknown } | undefined)?.weights);
  if (choice && choice.precision === weights) {
    return { weights, provider: choice.provider, chosenBy: choice.chosenBy, reason: choice.reason };
  }
  return {
    weights,
    provider: choice?.provider ?? null,
    chosenBy: 'template',
    reason: `the template ${template.dir} computes in ${weights}`,
  };
}

/** DIR/<rel>, else the newest-ref snapshot of a Hugging Face cache folder holding it. */
async function locate(from: string, rel: string): Promise<string | undefined> {
  const direct = childPath(from, rel, 'video model file');
  if (await exists(direct)) return direct;
  const [top, ...rest] = rel.split('/');
  const repo = HUB_REPOS[top ?? ''];
  if (!repo) return undefined;
  const cache = join(from, `models--${repo.replace('/', '--')}`);
  const snapshots = join(cache, 'snapshots');
  // A ref is a 40-character commit id. Bounded, regular files only: a FIFO here would hold a thread of
  // the pool for good (readFile waits for a writer), and every later file operation would queue behind.
  const ref = await readBounded(join(cache, 'refs', 'main'), 4096).then(
    (b) => b.toString('utf8').trim(),
    () => undefined,
  );
  const revs = ref ? [ref] : await readdir(snapshots).catch(() => [] as string[]);
  for (const rev of revs) {
    const p = childPath(snapshots, [rev, ...rest].join('/'), 'Hugging Face cache file');
    if (await exists(p)) return p;
  }
  return undefined;
}

async function copyAll(
  pairs: [string, string][],
  staging: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  let need = 0;
  for (const [src] of pairs) need += (await stat(src)).size;
  const fs = await statfs(staging);
  const free = fs.bavail * fs.bsize;
  if (free < need) {
    throw new ModelError(
      'disk-full',
      `copying the checkpoints needs ${(need / 1e9).toFixed(1)} GB, ${(free / 1e9).toFixed(1)} GB free on the models disk (put the models folder on the same disk as the checkpoints to link them instead)`,
    );
  }
  for (const [src, dest] of pairs) {
    throwIfAborted(signal);
    await copyFile(src, dest).catch((e: unknown) => {
      throw mapFsError(e, dest);
    });
  }
}
