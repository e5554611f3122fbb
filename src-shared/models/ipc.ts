import { z } from 'zod';
import { FileHandle } from '../files/ipc';
import { GraphContract, ModelId, ModelManifest, ModelRole } from './manifest';

/**
 * Request/response/event schemas of the `models:*` channels. Kept here so src-shared/ipc/contract.ts
 * only has to spread `modelsChannels` / `modelsEvents` into its tables.
 * Long operations (install, download, verify, repair) answer when they finish; meanwhile they emit
 * `models:progress` with the caller's jobId, and `models:cancel` with that jobId aborts them.
 */
const JobId = z.string().min(1).max(100);
const Token = z.string().min(1).max(500).optional();

export const InstalledModelInfo = z.object({
  manifest: ModelManifest,
  dir: z.string(),
  bytes: z.number().int().nonnegative(),
  isDefault: z.boolean(),
});
export type InstalledModelInfo = z.infer<typeof InstalledModelInfo>;

export const VerifyReportSchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  files: z.array(
    z.object({ path: z.string(), status: z.enum(['ok', 'missing', 'wrong-size', 'wrong-checksum']) }),
  ),
});

const InstallOptionsSchema = {
  jobId: JobId,
  id: ModelId.optional(),
  name: z.string().max(200).optional(),
  contract: GraphContract.optional(),
  replace: z.boolean().optional(),
};

export const TokenStatus = z.object({
  present: z.boolean(),
  source: z.enum(['saved', 'env', 'session', 'none']),
  canPersist: z.boolean(),
  note: z.string().optional(),
});
export type TokenStatus = z.infer<typeof TokenStatus>;

export const modelsChannels = {
  'models:list': {
    request: z.object({}),
    response: z.object({
      models: z.array(InstalledModelInfo),
      broken: z.array(z.object({ folder: z.string(), error: z.string() })),
      modelsDir: z.string(),
      /** Paused or interrupted downloads (catalogue id, bytes on disk) that models:download resumes. */
      downloads: z.array(z.object({ id: z.string(), bytes: z.number().int().nonnegative() })).optional(),
    }),
  },
  'models:catalogue': {
    // Entries are plain data from src-shared/models/catalogue.ts; the renderer may import it directly.
    request: z.object({}),
    response: z.array(z.record(z.string(), z.unknown())),
  },
  /**
   * A local folder or .zip the user chose (files:pick / the in-app picker, purpose `model-folder` or
   * `model-zip`): `handle` is what main issued for it; no path comes from the renderer.
   */
  'models:install': {
    request: z.object({ handle: FileHandle, ...InstallOptionsSchema }),
    response: InstalledModelInfo,
  },
  /** A catalogue id or an http(s) URL (Hugging Face file URLs included). */
  'models:download': {
    request: z.object({
      source: z.string().min(1).max(4096),
      sha256: z
        .string()
        .regex(/^[0-9a-fA-F]{64}$/)
        .optional(),
      token: Token,
      /**
       * The video model (levitor-svd-xt) from checkpoints already on this machine: a folder the user
       * chose (purpose `model-folder`) holding the two repositories as cloned, or a Hugging Face cache.
       */
      from: FileHandle.optional(),
      ...InstallOptionsSchema,
    }),
    response: InstalledModelInfo,
  },
  'models:verify': { request: z.object({ id: ModelId, jobId: JobId }), response: VerifyReportSchema },
  'models:repair': {
    request: z.object({ id: ModelId, jobId: JobId, token: Token }),
    response: VerifyReportSchema,
  },
  /** Stops the job and drops what it downloaded. */
  'models:cancel': { request: z.object({ jobId: JobId }), response: z.object({ cancelled: z.boolean() }) },
  /** Stops the job and keeps what it downloaded; the same models:download later resumes from there. */
  'models:pause': { request: z.object({ jobId: JobId }), response: z.object({ paused: z.boolean() }) },
  /** Deletes a paused (or interrupted) download of a catalogue entry. */
  'models:discardDownload': { request: z.object({ id: ModelId }), response: z.object({}) },
  /** Whether a Hugging Face token is kept, and where; the token itself never comes back. */
  'models:tokenStatus': { request: z.object({}), response: TokenStatus },
  /** Keeps a token (encrypted with the OS's protected storage in the app), or forgets it (null). */
  'models:setToken': {
    request: z.object({ token: z.string().trim().min(1).max(500).nullable() }).strict(),
    response: TokenStatus,
  },
  'models:remove': { request: z.object({ id: ModelId }), response: z.object({}) },
  'models:setDefault': {
    request: z.object({ role: ModelRole, id: ModelId.nullable() }),
    response: z.object({}),
  },
  /**
   * `levitor models triton-repo` for an installed video model: a Triton model repository written into
   * the folder the user chose (files:pick purpose `triton-repo`; `handle` is what main issued).
   */
  'models:tritonRepo': {
    request: z
      .object({
        id: ModelId,
        handle: FileHandle,
        jobId: JobId,
        graphs: z.enum(['onnxruntime', 'python']).default('onnxruntime'),
        tensorrt: z.enum(['fp16', 'fp32']).optional(),
      })
      .strict(),
    response: z.object({
      outDir: z.string(),
      packSha256: z.string(),
      models: z.array(z.string()),
      hardLinked: z.number().int(),
      copied: z.number().int(),
    }),
  },
} as const;

export const ModelsProgressEvent = z.object({
  jobId: z.string(),
  phase: z.enum(['download', 'copy', 'extract', 'hash', 'verify']),
  what: z.string(),
  receivedBytes: z.number(),
  totalBytes: z.number().optional(),
  bytesPerSecond: z.number(),
  etaSeconds: z.number().optional(),
  done: z.boolean(),
  /** Jobs of several files (the video model): all files' bytes, and which file `what` is. */
  overall: z
    .object({
      receivedBytes: z.number(),
      totalBytes: z.number().optional(),
      bytesPerSecond: z.number(),
      etaSeconds: z.number().optional(),
      fileIndex: z.number().int().nonnegative(),
      fileCount: z.number().int().positive(),
    })
    .optional(),
});
export type ModelsProgressEvent = z.infer<typeof ModelsProgressEvent>;

export const modelsEvents = { 'models:progress': ModelsProgressEvent } as const;

export type ModelsChannel = keyof typeof modelsChannels;
export type ModelsRequest<C extends ModelsChannel> = z.input<(typeof modelsChannels)[C]['request']>;
export type ModelsParsedRequest<C extends ModelsChannel> = z.infer<(typeof modelsChannels)[C]['request']>;
export type ModelsResponse<C extends ModelsChannel> = z.infer<(typeof modelsChannels)[C]['response']>;
