import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BoundedReadError, readBoundedSync } from '../../../services/fs/readBounded';
import { z } from 'zod';
import { RelativePath } from '../../../../src-shared/models/manifest';
import {
  packSemanticsProblem,
  SVD_GRAPH_SEMANTICS,
  SVD_PACK_FORMAT,
} from '../../../../src-shared/models/videoPack';

/** manifest.json of a studio video pack (tools/export/svd/pack.py writes it; format version 1). */
// A pack's file names are paths inside the pack folder: "../" or "/abs" would open any file as a graph.
const graphSchema = z.object({
  file: RelativePath,
  inputs: z.record(z.string(), z.array(z.number().int())),
  outputs: z.array(z.string()),
  precision: z.enum(['fp16', 'fp32']).optional(),
});

export const svdPackManifestSchema = z.object({
  format: z.literal(SVD_PACK_FORMAT),
  formatVersion: z.literal(1),
  graphSemantics: z.literal(SVD_GRAPH_SEMANTICS),
  kind: z.enum(['full', 'tiny']),
  precision: z.object({ weights: z.string(), io: z.literal('float32') }),
  sources: z.array(z.record(z.string(), z.unknown())),
  resolution: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
  latent: z.object({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    channels: z.literal(4),
    scalingFactor: z.number().positive(),
  }),
  frames: z.number().int().positive(),
  decodeChunk: z.number().int().positive(),
  imageEmbedDim: z.number().int().positive(),
  scheduler: z.object({
    sigmaMin: z.number().positive(),
    sigmaMax: z.number().positive(),
    rho: z.number().positive(),
    predictionType: z.literal('v_prediction'),
    defaultSteps: z.number().int().positive(),
  }),
  graphs: z.object({
    imageEncoder: graphSchema,
    vaeEncoder: graphSchema,
    denoiser: graphSchema,
    vaeDecoder: graphSchema,
  }),
  files: z.array(
    z.object({ path: RelativePath, bytes: z.number().int().nonnegative(), sha256: z.string().length(64) }),
  ),
});

export type SvdPackManifest = z.infer<typeof svdPackManifestSchema>;
export type SvdGraphName = keyof SvdPackManifest['graphs'];

export interface SvdPack {
  dir: string;
  manifest: SvdPackManifest;
  graphPath(name: SvdGraphName): string;
}

/** A pack whose graphs compute another version of the model than this studio's (graphSemantics). */
export class SvdPackOutdatedError extends Error {
  override readonly name = 'SvdPackOutdatedError';
  readonly code = 'video-pack/outdated';
}

/** A pack manifest lists a few graphs and files: anything near this size is not one. */
export const MAX_PACK_MANIFEST_BYTES = 4 * 1024 ** 2;

/**
 * The manifest's bytes, read bounded (regular file only: a FIFO put there would block this synchronous
 * read, and with it the studio's main thread, for good; /dev/zero would fill memory).
 */
export function readPackManifest(path: string): Buffer {
  try {
    return readBoundedSync(path, MAX_PACK_MANIFEST_BYTES);
  } catch (e) {
    if (!(e instanceof BoundedReadError)) throw e;
    if (e.code === 'not-found') throw new Error(`not a video pack: ${path} is missing`);
    throw new Error(
      `not a video pack: ${path} ${e.code === 'not-file' ? 'is not a regular file' : e.code === 'too-large' ? `is ${e.detail.size} bytes, far more than a pack manifest` : `could not be read (${e.message})`}`,
    );
  }
}

/** Reads and validates DIR/manifest.json; every listed file must exist. (SHA-256 checks belong to the
 * model manager's verify step, not to every generation.) A pack of another graph-semantics version is
 * refused with SvdPackOutdatedError, whose message says to re-export or reinstall it. */
export function loadSvdPack(dir: string): SvdPack {
  const path = join(dir, 'manifest.json');
  const raw: unknown = JSON.parse(readPackManifest(path).toString('utf8'));
  if (raw && typeof raw === 'object' && (raw as { format?: unknown }).format === SVD_PACK_FORMAT) {
    const problem = packSemanticsProblem(raw as { graphSemantics?: unknown });
    if (problem) throw new SvdPackOutdatedError(`${problem} (pack: ${dir})`);
  }
  const parsed = svdPackManifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid pack manifest ${path}: ${parsed.error.message}`);
  const manifest = parsed.data;
  for (const f of manifest.files) {
    if (!existsSync(join(dir, f.path)))
      throw new Error(`pack ${dir}: file ${f.path} listed in the manifest is missing`);
  }
  if (manifest.frames % manifest.decodeChunk !== 0) {
    throw new Error(
      `pack ${dir}: decode chunk ${manifest.decodeChunk} does not divide ${manifest.frames} frames`,
    );
  }
  return { dir, manifest, graphPath: (name) => join(dir, manifest.graphs[name].file) };
}
