import { z } from 'zod';
import { loadSvdPack } from './manifest';
import { svdParamsSchema } from './params';
import { generateSvd, type SvdProgress } from './pipeline';
import { framesToRgb8 } from './post';
import { rgb8ToPlanar01 } from './pre';
import { SvdSessions } from './runner';

/** Payload of the `svd:generate` task: everything crosses as plain typed arrays. */
export const svdGenerateRequestSchema = z.object({
  packDir: z.string().min(1),
  /** RGB8 interleaved [H,W,3] at the pack's resolution */
  image: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'image must be a Uint8Array'),
  /** LeviTor control map float32 [F,3,H,W] */
  control: z.custom<Float32Array>((v) => v instanceof Float32Array, 'control must be a Float32Array'),
  params: svdParamsSchema,
  /** execution providers, best first (default: the host's choice, else CPU) */
  providers: z.array(z.string()).optional(),
});

export type SvdGenerateRequest = z.input<typeof svdGenerateRequestSchema>;

export interface SvdGenerateResult {
  /** F interleaved RGB8 frames [H,W,3] */
  frames: Uint8Array[];
  width: number;
  height: number;
  fps: number;
  /** the execution providers the job ran on, and why the requested ones were dropped (if they were) */
  providers: readonly string[];
  fallbackReason?: string;
}

/**
 * One generation job: open the pack's sessions, generate, release them (native memory is freed after every
 * job, success or not), quantise to RGB8. Cancel through `signal` (effective within one step).
 */
export async function runSvdGenerate(
  request: SvdGenerateRequest,
  hooks: { onProgress?: (p: SvdProgress) => void; signal?: AbortSignal; pause?: () => Promise<void> } = {},
): Promise<SvdGenerateResult> {
  const req = svdGenerateRequestSchema.parse(request);
  const pack = loadSvdPack(req.packDir);
  const { width, height } = pack.manifest.resolution;
  const image01 = rgb8ToPlanar01(req.image, width, height);
  const sessions = await SvdSessions.open(pack, req.providers ?? ['cpu']);
  try {
    const r = await generateSvd(
      sessions,
      pack.manifest,
      { image01, control: req.control },
      req.params,
      hooks,
    );
    return {
      frames: framesToRgb8(r.frames01, r.frames, width, height),
      width,
      height,
      fps: req.params.fps,
      providers: sessions.providers,
      ...(sessions.fallbackReason ? { fallbackReason: sessions.fallbackReason } : {}),
    };
  } finally {
    await sessions.release();
  }
}
