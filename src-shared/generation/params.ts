import type { GenerationSettings } from '../project/schema';

/** The pipeline's parameter names and ranges (src-main/inference/models/svd/params.ts). */
export interface PipelineParams {
  seed: number;
  steps: number;
  motionBucketId: number;
  fps: number;
  noiseAugStrength: number;
  minGuidance: number;
  maxGuidance: number;
  controlScale: number;
}

/** Ranges the settings panel offers: the pipeline's, narrower than what the project schema stores. */
export const SETTING_RANGES = {
  steps: { min: 1, max: 200, step: 1 },
  frames: { min: 2, max: 64, step: 1 },
  motionBucket: { min: 1, max: 255, step: 1 },
  fps: { min: 1, max: 60, step: 1 },
  noiseAug: { min: 0, max: 1, step: 0.01 },
  minGuidance: { min: 0, max: 20, step: 0.1 },
  maxGuidance: { min: 0, max: 20, step: 0.1 },
  controlScale: { min: 0, max: 10, step: 0.05 },
  pointsRatio: { min: 0.05, max: 10, step: 0.05 },
} as const;

const clamp = (v: number, r: { min: number; max: number }) => Math.min(r.max, Math.max(r.min, v));

/** Settings -> pipeline parameters, clamped into the pipeline's ranges; `notes` says what was changed. */
export function toPipelineParams(
  s: GenerationSettings,
  seed: number,
): { params: PipelineParams; notes: string[] } {
  const notes: string[] = [];
  const pick = (key: keyof typeof SETTING_RANGES, label: string): number => {
    const v = clamp(s[key], SETTING_RANGES[key]);
    if (v !== s[key])
      notes.push(
        `${label} ${s[key]} is outside ${SETTING_RANGES[key].min}-${SETTING_RANGES[key].max}; used ${v}.`,
      );
    return v;
  };
  const params: PipelineParams = {
    seed,
    steps: pick('steps', 'Steps'),
    motionBucketId: pick('motionBucket', 'Motion bucket'),
    fps: pick('fps', 'Frame rate'),
    noiseAugStrength: pick('noiseAug', 'Noise augmentation'),
    minGuidance: pick('minGuidance', 'Min guidance'),
    maxGuidance: pick('maxGuidance', 'Max guidance'),
    controlScale: pick('controlScale', 'Control scale'),
  };
  return { params, notes };
}

/** Execution providers for the device setting, best first; undefined = the host's own choice. */
export function providersFor(device: GenerationSettings['device']): string[] | undefined {
  return device === 'auto' ? undefined : device === 'cpu' ? ['cpu'] : [device, 'cpu'];
}

/** A fresh seed for a job whose seed is not locked (32-bit, what the schema and the PRNG take). */
export function drawSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2 ** 32) >>> 0;
}

/** "288x512" -> { width: 288, height: 512 }: presets are W x H (the reference renders 288 wide, 512 high). */
export function resolutionSize(r: GenerationSettings['resolution']): { width: number; height: number } {
  const [w, h] = r.split('x').map(Number);
  return { width: w ?? 288, height: h ?? 512 };
}
