import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { GraphInfo } from '../../../src-shared/models/contracts';
import {
  contractRole,
  describeIssues,
  MODEL_MANIFEST_FORMAT,
  MODEL_MANIFEST_VERSION,
  parseModelManifest,
  type GraphContract,
  type Licence,
  type ModelFile,
  type ModelManifest,
  type ModelSource,
} from '../../../src-shared/models/manifest';
import { packSemanticsProblem, SVD_PACK_FORMAT } from '../../../src-shared/models/videoPack';
import { ModelError, mapFsError, throwIfAborted } from './errors';
import { sha256File, walkFiles, type LocalFile } from './fsutil';
import {
  MAX_PACK_MANIFEST_BYTES,
  svdPackManifestSchema,
  type SvdPackManifest,
} from '../../inference/models/svd/manifest';
import { checkModelGraphs, type IsolationOptions } from './onnxIsolated';
import { FILES_DIR, type InstalledModel, type ModelRegistry } from './registry';
import { defaultZipLimits, ensureFreeSpace, extractZip, safeJoin, type ExtractOptions } from './zip';
import type { TransferProgress } from './progress';

/**
 * Tells which graph contract a set of files satisfies (by ONNX input/output names; the inference side
 * provides it). Returns undefined when it does not recognise them; throws to explain a broken graph.
 * `graphs`: the input/output descriptions of the .onnx files, already read (bounded, in a worker).
 */
export type ContractRecognizer = (
  files: LocalFile[],
  graphs?: readonly GraphInfo[],
) => Promise<GraphContract | undefined>;

export interface InstallOptions {
  id?: string | undefined;
  name?: string | undefined;
  contract?: GraphContract | undefined;
  licence?: Licence | undefined;
  source?: ModelSource | undefined;
  /** Known files: sizes/hashes to check, and per-file URLs recorded for repair. */
  expected?: Map<
    string,
    { sha256?: string | undefined; bytes?: number | undefined; url?: string | undefined }
  >;
  recognize?: ContractRecognizer | undefined;
  /** How graphs are read (worker file, heap, time); the bundled worker by default. */
  isolation?: IsolationOptions | undefined;
  replace?: boolean | undefined;
  catalogueId?: string | undefined;
  extras?: Record<string, unknown> | undefined;
  /** Files already hashed in this job (a download, a verified cache blob): not read a second time. */
  known?: ReadonlyMap<string, { sha256: string; bytes: number }> | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: TransferProgress & { phase: 'copy' | 'extract' | 'hash' }) => void) | undefined;
}

export function slugId(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/\.(zip|onnx)$/, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 80);
  return s || 'model';
}

const UNKNOWN_LICENCE: Licence = { spdx: 'NOASSERTION', redistributable: false };

export async function installFromFolder(
  registry: ModelRegistry,
  folder: string,
  opts: InstallOptions = {},
): Promise<InstalledModel> {
  const staging = await registry.createStaging();
  try {
    const files = await walkFiles(folder, defaultZipLimits.maxEntries);
    if (files.length === 0) throw new ModelError('invalid', `${folder} holds no files`);
    await ensureFreeSpace(
      staging,
      files.reduce((n, f) => n + f.bytes, 0),
    );
    for (const f of files) {
      throwIfAborted(opts.signal);
      const target = safeJoin(join(staging, FILES_DIR), f.path);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(f.absPath, target).catch((e: unknown) => {
        throw mapFsError(e, target);
      });
    }
    return await finalize(
      registry,
      staging,
      { ...opts, id: opts.id ?? slugId(basename(folder)) },
      {
        kind: 'local',
        repo: folder,
      },
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export async function installFromZip(
  registry: ModelRegistry,
  zipPath: string,
  opts: InstallOptions & { select?: ExtractOptions['select'] | undefined } = {},
): Promise<InstalledModel> {
  const staging = await registry.createStaging();
  try {
    const extracted = await extractZip(zipPath, join(staging, FILES_DIR), {
      select: opts.select,
      signal: opts.signal,
    });
    if (extracted.length === 0) throw new ModelError('invalid', `${zipPath}: no model files in the zip`);
    return await finalize(
      registry,
      staging,
      { ...opts, id: opts.id ?? slugId(basename(zipPath)) },
      {
        kind: 'local',
        repo: zipPath,
      },
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Hashes the staged files, settles the contract, writes the manifest and renames into place. */
export async function finalize(
  registry: ModelRegistry,
  staging: string,
  opts: InstallOptions & { id: string },
  fallbackSource: ModelSource,
): Promise<InstalledModel> {
  const local = await walkFiles(join(staging, FILES_DIR));
  const files: ModelFile[] = [];
  for (const f of local) {
    throwIfAborted(opts.signal);
    const { sha256, bytes } = opts.known?.get(f.path) ?? (await sha256File(f.absPath));
    const want = opts.expected?.get(f.path);
    if (want?.bytes !== undefined && want.bytes !== bytes) {
      throw new ModelError('checksum', `${f.path}: ${bytes} bytes, expected ${want.bytes}`);
    }
    if (want?.sha256 !== undefined && want.sha256 !== sha256) {
      throw new ModelError('checksum', `${f.path}: SHA-256 ${sha256}, expected ${want.sha256}`);
    }
    files.push({ path: f.path, bytes, sha256, ...(want?.url ? { url: want.url } : {}) });
    opts.onProgress?.({
      phase: 'hash',
      what: f.path,
      receivedBytes: bytes,
      totalBytes: bytes,
      bytesPerSecond: 0,
      etaSeconds: 0,
      done: true,
    });
  }
  await checkPackHashes(local, files);
  // Every graph is read and its external data checked whatever decides the contract: an explicit
  // --contract or a video pack's own manifest must not let a graph point its weights at /etc/passwd.
  const graphs = await checkModelGraphs(local, opts.isolation);
  const contract =
    opts.contract ?? (await builtinRecognize(local)) ?? (await opts.recognize?.(local, graphs));
  if (!contract) {
    throw new ModelError(
      'unrecognized',
      `cannot tell which graph contract these files satisfy (${local.map((f) => f.path).join(', ')}); ` +
        'pass --contract (sam2-encoder-decoder, sam2-transformersjs, sam-v1, depth-anything-v2-transformersjs, ' +
        'depth-anything-v2-standalone, levitor-video-pack-v1)',
    );
  }
  const manifest: ModelManifest = parseModelManifest(
    {
      format: MODEL_MANIFEST_FORMAT,
      formatVersion: MODEL_MANIFEST_VERSION,
      id: opts.id,
      role: contractRole[contract],
      name: opts.name ?? opts.id,
      contract,
      source: opts.source ?? fallbackSource,
      licence: opts.licence ?? UNKNOWN_LICENCE,
      files,
      installedAt: new Date().toISOString(),
      ...(opts.extras ? { extras: opts.extras } : {}),
      ...(opts.catalogueId ? { catalogueId: opts.catalogueId } : {}),
    },
    `manifest for ${opts.id}`,
  );
  return registry.commit(staging, manifest, opts.replace ?? false);
}

/**
 * The pack's own manifest.json when the files are a video pack, validated in full (its graph and file
 * names are relative paths inside the pack; each graph is one of the pack's files); undefined otherwise.
 */
async function readPackManifest(local: LocalFile[]): Promise<SvdPackManifest | undefined> {
  const m = local.find((f) => f.path === 'manifest.json');
  if (!m || m.bytes > MAX_PACK_MANIFEST_BYTES) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(await readFile(m.absPath, 'utf8'));
  } catch {
    return undefined;
  }
  if ((data as { format?: unknown } | null)?.format !== SVD_PACK_FORMAT) return undefined;
  // A pack whose graphs compute another version of the model: say so, not which schema field differs.
  const problem = packSemanticsProblem(data as { graphSemantics?: unknown });
  if (problem) throw new ModelError('invalid', problem);
  const parsed = svdPackManifestSchema.safeParse(data);
  if (!parsed.success) {
    throw new ModelError('invalid', `video pack manifest.json is invalid: ${describeIssues(parsed.error)}`);
  }
  const listed = new Set(parsed.data.files.map((f) => f.path));
  for (const [name, g] of Object.entries(parsed.data.graphs)) {
    if (!listed.has(g.file)) {
      throw new ModelError(
        'invalid',
        `video pack manifest.json: graph ${name} (${g.file}) is not one of its files`,
      );
    }
  }
  return parsed.data;
}

/** The exporter's video pack names itself in its own manifest.json; nothing else needs ONNX parsing. */
async function builtinRecognize(local: LocalFile[]): Promise<GraphContract | undefined> {
  const pack = await readPackManifest(local);
  return pack ? 'levitor-video-pack-v1' : undefined;
}

/** A video pack carries SHA-256 values for its graphs: check them at install (pinned, not TOFU). */
async function checkPackHashes(local: LocalFile[], files: ModelFile[]): Promise<void> {
  const pack = await readPackManifest(local);
  if (!pack) return;
  for (const want of pack.files) {
    const got = files.find((f) => f.path === want.path);
    if (!got)
      throw new ModelError('invalid', `video pack: ${want.path} is listed in its manifest but missing`);
    if (got.sha256 !== want.sha256) {
      throw new ModelError('checksum', `video pack: ${want.path} does not match the SHA-256 in its manifest`);
    }
  }
}

export function looksLikeZip(path: string): boolean {
  return extname(path).toLowerCase() === '.zip';
}
