/** zod schema of scene.json (format in docs/scene-format.md). */
import { z } from 'zod';

const point = z.object({
  x: z.number().int(),
  y: z.number().int(),
  // LeviTor depth, smaller = nearer: the scene depth Z0 lies in [1/255, 1], and 0 would divide by zero.
  depth: z
    .number()
    .gt(0, 'depth must be above 0 (smaller = nearer; 0 would divide by zero)')
    .lte(1, 'depth must be at most 1 (the farthest depth; smaller = nearer)'),
});

export const sceneObjectSchema = z.discriminatedUnion('kind', [
  z.object({
    name: z.string().optional(),
    kind: z.literal('moving'),
    mask: z.string().min(1),
    trajectory: z.array(point).min(1),
  }),
  z.object({ name: z.string().optional(), kind: z.literal('static'), mask: z.string().min(1) }),
]);

export const sceneFileSchema = z.object({
  format: z.literal('levitor-scene'),
  version: z.literal(1),
  width: z.number().int().positive().default(288),
  height: z.number().int().positive().default(512),
  frames: z.number().int().positive().default(16),
  pointsRatio: z.number().positive().default(1),
  depth: z.object({ kind: z.enum(['disparity', 'z0']), file: z.string().min(1) }),
  objects: z.array(sceneObjectSchema),
  autoMasks: z.array(z.string().min(1)).default([]),
  parity: z.boolean().default(true),
  image: z.string().optional(),
});

export type SceneFile = z.infer<typeof sceneFileSchema>;
