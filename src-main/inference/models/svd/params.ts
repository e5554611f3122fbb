import { z } from 'zod';

/** Generation parameters (defaults = the LeviTor demo, docs/levitor-method.md section 8). */
export const svdParamsSchema = z.object({
  seed: z.number().int().nonnegative().default(217),
  steps: z.number().int().min(1).max(200).default(25),
  motionBucketId: z.number().int().min(1).max(255).default(100),
  fps: z.number().int().min(1).max(60).default(6),
  noiseAugStrength: z.number().min(0).max(1).default(0.02),
  minGuidance: z.number().min(0).max(20).default(1),
  maxGuidance: z.number().min(0).max(20).default(3),
  controlScale: z.number().min(0).max(10).default(1),
  /** Frames to generate; must equal the pack's frame count (graphs have static shapes). */
  frames: z.number().int().positive().optional(),
});

export type SvdParams = z.infer<typeof svdParamsSchema>;
export type SvdParamsInput = z.input<typeof svdParamsSchema>;
