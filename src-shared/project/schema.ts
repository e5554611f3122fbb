import { z } from 'zod';
import { MIN_CROP_SCALE } from '../image/framing';

/** Current version of project.json. Older versions are migrated (migrate.ts); newer ones are refused. */
export const PROJECT_SCHEMA_VERSION = 3;
export const PROJECT_FORMAT = 'levitor-project';

/** Archive entry names: relative, forward slashes, no `..`, no absolute or drive paths. */
export const entryName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9_\-./]*$/, 'entry name has illegal characters')
  .refine((s) => !s.split('/').some((p) => p === '..' || p === '.' || p === ''), 'entry name escapes');

const finite = z.number().finite();
const id = z.string().min(1).max(64);

/** The crop frame (used when fit = crop): centre as image fractions, size as a fraction of the largest. */
export const cropFrameSchema = z.object({
  cx: z.number().min(0).max(1),
  cy: z.number().min(0).max(1),
  scale: z.number().min(MIN_CROP_SCALE).max(1),
});

/**
 * How the image maps onto the generation frame (src-shared/image/framing.ts); stretch is the reference's
 * behaviour, crop the default of new projects.
 */
export const fitSchema = z.enum(['letterbox', 'crop', 'stretch']);

export const framingSchema = z.object({ fit: fitSchema, frame: cropFrameSchema });

export const imageSchema = z.object({
  entry: entryName,
  /** Pixel size of the stored (already EXIF-oriented) source image. */
  width: z.number().int().min(1).max(16384),
  height: z.number().int().min(1).max(16384),
  /** EXIF orientation of the original upload (1..8); the stored entry is already rotated. */
  orientation: z.number().int().min(1).max(8),
  fit: fitSchema,
  frame: cropFrameSchema,
});

export const trajectoryPointSchema = z.object({
  x: finite,
  y: finite,
  /** LeviTor depth: (0, 1], smaller = nearer. */
  depth: z.number().gt(0).lte(1),
  /** Keyframed timing only: the frame this point is reached at. */
  frame: z.number().int().min(0).max(1000).optional(),
});

export const easingSchema = z.enum(['linear', 'easeIn', 'easeOut', 'easeInOut']);

export const trajectorySchema = z.object({
  points: z.array(trajectoryPointSchema).max(1000),
  timing: z.enum(['uniform', 'keyframed']),
  /** One easing per segment (points.length - 1 entries, or empty = linear). */
  easing: z.array(easingSchema).max(1000),
});

export const promptsSchema = z.object({
  points: z.array(z.object({ x: finite, y: finite, label: z.union([z.literal(0), z.literal(1)]) })).max(500),
  box: z.tuple([finite, finite, finite, finite]).nullable(),
});

export const objectSchema = z.object({
  id,
  name: z.string().max(200),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  kind: z.enum(['moving', 'static']),
  visible: z.boolean(),
  locked: z.boolean(),
  /** PNG entry, 8-bit, same size as the image; inside where > 0. */
  mask: entryName.nullable(),
  prompts: promptsSchema,
  trajectory: trajectorySchema.nullable(),
});

export const depthSchema = z.object({
  /** Network disparity or LeviTor Z0, raw little-endian float32 [H, W]. */
  original: z
    .object({
      entry: entryName,
      kind: z.enum(['disparity', 'z0']),
      width: z.number().int().min(1),
      height: z.number().int().min(1),
    })
    .nullable(),
  /** The user's edited Z0, float32 [H, W]; null = use the original. */
  edited: z
    .object({ entry: entryName, width: z.number().int().min(1), height: z.number().int().min(1) })
    .nullable(),
});

export const generationSettingsSchema = z.object({
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  seedLocked: z.boolean(),
  steps: z.number().int().min(1).max(200),
  frames: z.number().int().min(2).max(64),
  motionBucket: z.number().int().min(0).max(1023),
  fps: z.number().int().min(1).max(60),
  noiseAug: z.number().min(0).max(10),
  minGuidance: z.number().min(0).max(30),
  maxGuidance: z.number().min(0).max(30),
  controlScale: z.number().min(0).max(10),
  pointsRatio: z.number().gt(0).max(10),
  resolution: z.enum(['288x512', '512x288', '320x576', '576x320', '512x512']),
  device: z.enum(['auto', 'cpu', 'cuda', 'dml', 'coreml']),
});

export const takeSchema = z.object({
  id,
  created: z.iso.datetime(),
  /** The artist's name for it ('' = numbered by position: "Take 3"). */
  name: z.string().max(200),
  starred: z.boolean(),
  /** The framing it was generated with (absent: made before framings existed = stretch). */
  framing: framingSchema.optional(),
  settings: generationSettingsSchema,
  seedUsed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  /** Either a folder of PNG frames (frame_000.png ...) or a single video entry. */
  frames: z.object({ dir: entryName, count: z.number().int().min(1).max(10000) }).nullable(),
  video: entryName.nullable(),
  fps: z.number().int().min(1).max(60),
  width: z.number().int().min(1).max(16384),
  height: z.number().int().min(1).max(16384),
});

export const projectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_SCHEMA_VERSION),
  /** Made once when the project is created (kept by Save As): generations belong to the project of this id. */
  id,
  name: z.string().max(200),
  image: imageSchema,
  objects: z.array(objectSchema).max(254),
  /** Automatic segments in the order the segmenter returned them (predicted IoU descending). */
  autoSegments: z.array(entryName).max(4096),
  /**
   * 'done': the segments above are this image's (even none): reopening never computes them again. 'skipped':
   * the user chose to go without them for this image (the control signal then uses their objects only).
   * Absent (older files): done when there are segments, else computed on open.
   */
  autoSegmentsState: z.enum(['done', 'skipped']).optional(),
  depth: depthSchema,
  settings: generationSettingsSchema,
  takes: z.array(takeSchema).max(1000),
  ui: z.object({
    selectedObjectId: id.nullable(),
    activeTakeId: id.nullable(),
    zoom: z.number().gt(0).max(64),
  }),
});

export type ProjectDocument = z.infer<typeof projectSchema>;
export type ProjectObject = z.infer<typeof objectSchema>;
export type Trajectory = z.infer<typeof trajectorySchema>;
export type GenerationSettings = z.infer<typeof generationSettingsSchema>;
export type Take = z.infer<typeof takeSchema>;

export const defaultSettings: GenerationSettings = {
  seed: 42,
  seedLocked: false,
  steps: 25,
  frames: 16,
  motionBucket: 127,
  fps: 6,
  noiseAug: 0.02,
  minGuidance: 1,
  maxGuidance: 3,
  controlScale: 1,
  pointsRatio: 1,
  resolution: '288x512',
  device: 'auto',
};
