import { z } from 'zod';

/**
 * manifest.json of an installed model (the model manager writes it; one per folder in the models
 * directory). The model's own files live beside it under `files/`, so a video pack's own manifest.json
 * (the exporter's) never collides with this one.
 */
export const MODEL_MANIFEST_FORMAT = 'levitor-model';
export const MODEL_MANIFEST_VERSION = 1;

export const modelRoles = ['segmentation', 'depth', 'video'] as const;
export const ModelRole = z.enum(modelRoles);
export type ModelRole = z.infer<typeof ModelRole>;

/** Graph contracts the inference host knows how to drive (docs/model-contracts.md). */
export const graphContracts = [
  'sam2-encoder-decoder',
  'sam2-transformersjs',
  'sam-v1',
  'depth-anything-v2-transformersjs',
  'depth-anything-v2-standalone',
  'levitor-video-pack-v1',
] as const;
export const GraphContract = z.enum(graphContracts);
export type GraphContract = z.infer<typeof GraphContract>;

/** Which role each contract serves (a segmentation contract can never be the default depth model). */
export const contractRole: Record<GraphContract, ModelRole> = {
  'sam2-encoder-decoder': 'segmentation',
  'sam2-transformersjs': 'segmentation',
  'sam-v1': 'segmentation',
  'depth-anything-v2-transformersjs': 'depth',
  'depth-anything-v2-standalone': 'depth',
  'levitor-video-pack-v1': 'video',
};

/** Folder-safe id: lower-case letters, digits, dot, dash, underscore; no leading dot. */
export const ModelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'id must be 1-80 chars of a-z 0-9 . _ - (not starting with . _ -)');

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits');

/** A relative POSIX path that stays inside the model folder. */
export const RelativePath = z
  .string()
  .min(1)
  .max(400)
  .refine(
    (p) =>
      !p.startsWith('/') &&
      !p.includes('\\') &&
      !/^[a-zA-Z]:/.test(p) &&
      p.split('/').every((s) => s !== '..' && s !== '.' && s !== ''),
    'path must be relative, use "/", and contain no "..", "." or empty segments',
  );

export const Licence = z.object({
  spdx: z.string().min(1), // SPDX id, e.g. "Apache-2.0", "CC-BY-NC-4.0"
  url: z.string().url().optional(),
  redistributable: z.boolean(),
});
export type Licence = z.infer<typeof Licence>;

export const ModelSource = z.object({
  kind: z.enum(['url', 'huggingface', 'local', 'exporter']),
  /** Repo id ("onnx-community/depth-anything-v2-small") or a description of a local source. */
  repo: z.string().optional(),
  revision: z.string().optional(),
  /** Where the whole thing came from when it was one archive (repair re-extracts from it). */
  archiveUrl: z.string().url().optional(),
});
export type ModelSource = z.infer<typeof ModelSource>;

export const ModelFile = z.object({
  path: RelativePath,
  bytes: z.number().int().nonnegative(),
  sha256: Sha256,
  /** Where this single file can be fetched again (repair). */
  url: z.string().url().optional(),
});
export type ModelFile = z.infer<typeof ModelFile>;

export const ModelManifest = z.object({
  format: z.literal(MODEL_MANIFEST_FORMAT),
  formatVersion: z.literal(MODEL_MANIFEST_VERSION),
  id: ModelId,
  role: ModelRole,
  name: z.string().min(1).max(200),
  contract: GraphContract,
  source: ModelSource,
  licence: Licence,
  files: z.array(ModelFile).min(1),
  /** Free-form extras, e.g. { preprocessorConfig: "preprocessor_config.json" }. */
  extras: z.record(z.string(), z.unknown()).optional(),
  installedAt: z.string().optional(),
  /** Id of the catalogue entry it was installed from, if any. */
  catalogueId: z.string().optional(),
});
export type ModelManifest = z.infer<typeof ModelManifest>;

/** Formats zod issues as "files.0.sha256: sha256 must be ..." so the user sees which field is wrong. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

export function parseModelManifest(data: unknown, where = 'manifest'): ModelManifest {
  const parsed = ModelManifest.safeParse(data);
  if (!parsed.success) throw new ManifestError(`invalid ${where}: ${describeIssues(parsed.error)}`);
  const m = parsed.data;
  if (contractRole[m.contract] !== m.role) {
    throw new ManifestError(
      `invalid ${where}: role: contract ${m.contract} is a ${contractRole[m.contract]} contract, not ${m.role}`,
    );
  }
  const seen = new Set<string>();
  for (const f of m.files) {
    if (seen.has(f.path)) throw new ManifestError(`invalid ${where}: files: duplicate path ${f.path}`);
    seen.add(f.path);
  }
  return m;
}

export function totalBytes(files: readonly { bytes: number }[]): number {
  return files.reduce((s, f) => s + f.bytes, 0);
}
