import { z } from 'zod';
import { FileHandle } from '../files/ipc';
import { IMAGE_LIMITS } from '../image/limits';
import { UPLOAD_PIECE_BYTES, UploadId, floatsUpTo } from '../ipc/upload';
import { framingSchema, generationSettingsSchema, takeSchema, trajectorySchema } from '../project/schema';

/**
 * `generation:*` (the job queue) and `export:*` channels, spread into src-shared/ipc/contract.ts.
 *
 * Hand-off of a finished job (for the project side):
 *  - main keeps the take's frames as PNGs (TakeStore, src-main/services/generation/takeStore.ts) and serves
 *    them as asset URLs: `generation:takeFrames {takeId}` -> urls, one per frame. For a take that came from
 *    an opened .levitor file the same channel serves the archive's `takes/<id>/frame_NNN.png` entries.
 *  - when a project is open in main (ProjectService.data), the frames are also put into its entries as
 *    `takes/<takeId>/frame_NNN.png` (frameEntryName), so `project:save` with a document that lists the
 *    take keeps them without the renderer re-sending any bytes. Before project:update/save/saveAs is
 *    applied, main also puts in the frames of every take the edit lists (generation.withTakeFrames), so an
 *    edit that raced the take's completion cannot drop them.
 *  - the `generation:job` event with status 'done' carries `take` (takeSchema: settings, seedUsed,
 *    frames {dir: 'takes/<id>', count}, fps, width, height); the renderer appends it to document.takes
 *    outside the undo history (src-renderer/state/store.ts addResultTake), which marks the project dirty,
 *    but only while the job's project (`projectId`) is the one open.
 * A failed or cancelled job produces no take and leaves the project untouched.
 */

/**
 * Binary mask as run lengths: runs alternate outside/inside, starting with outside; sum = width*height.
 * The runs are a Uint32Array, so they travel as bytes (a binary WebSocket frame in the browser host, a
 * structured clone in Electron), never as JSON numbers: a busy mask of a large image has millions of runs.
 */
export const RleMask = z.object({
  width: z.number().int().min(1).max(16384),
  height: z.number().int().min(1).max(16384),
  runs: z
    .instanceof(Uint32Array)
    .refine((r) => r.length >= 1 && r.length <= 4_000_000, { message: 'a mask has 1 to 4 000 000 runs' }),
});
export type RleMask = z.infer<typeof RleMask>;

/**
 * A depth map [H, W] as float32: `data` inline (one upload piece at most), or `upload`, the id of an
 * upload whose blob (little-endian float32, exactly width x height x 4 bytes) was sent ahead with
 * upload:piece. Main turns an upload into `data` before anything reads the scene (resolveSceneDepth).
 */
export const SceneDepth = z
  .object({
    kind: z.enum(['z0', 'disparity']),
    width: z.number().int().min(1).max(IMAGE_LIMITS.maxSide),
    height: z.number().int().min(1).max(IMAGE_LIMITS.maxSide),
    data: floatsUpTo(UPLOAD_PIECE_BYTES / 4).optional(),
    upload: UploadId.optional(),
  })
  .strict()
  .refine((d) => d.width * d.height <= IMAGE_LIMITS.maxPixels, {
    message: 'depth map has more pixels than an image may',
  })
  .refine((d) => (d.data === undefined) !== (d.upload === undefined), {
    message: 'give either data or upload',
  })
  .refine((d) => d.data === undefined || d.data.length === d.width * d.height, {
    message: 'depth data is not width x height values',
  });
export type SceneDepth = z.infer<typeof SceneDepth>;

/** The scene as the renderer holds it (image coordinates), compact: masks RLE, depth float32 (SceneDepth). */
export const GenerationScene = z.object({
  /** The asset id of the document image (ImportedImage.imageId); main reads its pixels. */
  imageId: z.string().min(1).max(200),
  imageWidth: z.number().int().min(1).max(16384),
  imageHeight: z.number().int().min(1).max(16384),
  /** How the image maps onto the generation frame: main places it at the pack's size with this rule. */
  framing: framingSchema,
  objects: z
    .array(
      z.object({
        id: z.string().min(1).max(64),
        name: z.string().max(200),
        kind: z.enum(['moving', 'static']),
        visible: z.boolean(),
        trajectory: trajectorySchema.nullable(),
        mask: RleMask.nullable(),
      }),
    )
    .max(254),
  /** Automatic segments (static scene parts), in the segmenter's order. */
  autoMasks: z.array(RleMask).max(1024),
  /** LeviTor Z0 (edited, or estimated) or network disparity. */
  depth: SceneDepth.nullable(),
});
export type GenerationScene = z.infer<typeof GenerationScene>;

export const JobStatus = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;

/** The id of the project a job generates for (projectSchema's `id`). */
const ProjectId = z.string().min(1).max(64);

export const GenerationJob = z.object({
  id: z.string(),
  /**
   * The project the job was queued for: its take belongs to that project only. The studio adds the take
   * to the document only while that project is open, and main refuses a document of another project that
   * lists it (generation.withTakeFrames).
   */
  projectId: ProjectId,
  label: z.string(),
  status: JobStatus,
  createdAt: z.string(),
  settings: generationSettingsSchema,
  /** The seed this job runs with: settings.seed when locked, else drawn at enqueue (kept on retry). */
  seedUsed: z.number().int().nonnegative(),
  /** control = computing the control signal; then the pipeline's phases. */
  phase: z.enum(['waiting', 'control', 'encode', 'denoise', 'decode', 'saving']),
  step: z.number().int().nonnegative(),
  steps: z.number().int().nonnegative(),
  elapsedMs: z.number().nonnegative(),
  etaMs: z.number().nonnegative().nullable(),
  /** Error in words (code = generation/<reason>: no-video-model, out-of-memory, cancelled, failed...). */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Things the user should know (e.g. the pack renders a fixed size), shown under the job. */
  notes: z.array(z.string()),
  take: takeSchema.nullable(),
});
export type GenerationJob = z.infer<typeof GenerationJob>;

const JobId = z.string().min(1).max(100);
const Jobs = z.object({ jobs: z.array(GenerationJob) });

export const generationChannels = {
  'generation:enqueue': {
    request: z
      .object({
        /** Must be the project open in main (the one the document on screen is bound to). */
        projectId: ProjectId,
        settings: generationSettingsSchema,
        scene: GenerationScene,
        label: z.string().max(200),
      })
      .strict(),
    response: GenerationJob,
  },
  'generation:list': { request: z.object({}).strict(), response: Jobs },
  /** Moves a queued job to `toIndex` among the queued jobs (0 = runs next). */
  'generation:reorder': {
    request: z.object({ jobId: JobId, toIndex: z.number().int().min(0).max(10_000) }).strict(),
    response: Jobs,
  },
  'generation:cancel': {
    request: z.object({ jobId: JobId }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  /** A failed or cancelled job again (same settings, scene and seed), as a new job at the queue's end. */
  'generation:retry': { request: z.object({ jobId: JobId }).strict(), response: GenerationJob },
  /** Forgets a finished/failed/cancelled job from the list. */
  'generation:remove': { request: z.object({ jobId: JobId }).strict(), response: Jobs },
  'generation:takeFrames': {
    request: z.object({ takeId: z.string().min(1).max(64) }).strict(),
    response: z.object({
      urls: z.array(z.string()),
      width: z.number().int(),
      height: z.number().int(),
      fps: z.number(),
    }),
  },
} as const;

export const ExportFormat = z.enum(['mp4', 'webm', 'gif', 'png']);
export type ExportFormat = z.infer<typeof ExportFormat>;
const ExportId = z.string().min(1).max(100);

/**
 * Exports write where the user chose (files:pick / the in-app picker with purpose `export`): `out` is that
 * handle, standing for a name in a folder; main adds the format's extension (.mp4 .webm .gif .json) or, for
 * a PNG sequence, makes a new folder of that name. No path comes from the renderer.
 */
export const exportChannels = {
  /** Encodes a take at its fps; `png` writes a folder of frame_00001.png... */
  'export:take': {
    request: z
      .object({
        exportId: ExportId,
        takeId: z.string().min(1).max(64),
        format: ExportFormat,
        scale: z.number().int().min(1).max(8),
        out: FileHandle,
      })
      .strict(),
    response: z.object({ path: z.string(), width: z.number(), height: z.number(), frames: z.number() }),
  },
  /** The control signal as frames (R = Gaussian template, G = object id, B = depth & 255) at the settings' size/fps. */
  'export:controlFrames': {
    request: z
      .object({
        exportId: ExportId,
        settings: generationSettingsSchema,
        scene: GenerationScene,
        format: ExportFormat,
        scale: z.number().int().min(1).max(8),
        out: FileHandle,
      })
      .strict(),
    response: z.object({ path: z.string(), width: z.number(), height: z.number(), frames: z.number() }),
  },
  /** Trajectories and the control points of every frame (the control engine on the scene) as JSON. */
  'export:controlJson': {
    request: z
      .object({ settings: generationSettingsSchema, scene: GenerationScene, out: FileHandle })
      .strict(),
    response: z.object({ path: z.string(), frames: z.number() }),
  },
  'export:cancel': {
    request: z.object({ exportId: ExportId }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
} as const;

export const ExportProgress = z.object({ exportId: z.string(), done: z.number(), total: z.number() });
export type ExportProgress = z.infer<typeof ExportProgress>;

export const generationEvents = {
  /** The whole job on every change (queued, each step, done/failed/cancelled, removed = status kept). */
  'generation:job': GenerationJob,
  /** The queue order changed (reorder/remove): the ids of all listed jobs, in order. */
  'generation:order': z.object({ ids: z.array(z.string()) }),
  'export:progress': ExportProgress,
} as const;

export type GenerationChannel = keyof typeof generationChannels;
export type ExportChannel = keyof typeof exportChannels;
