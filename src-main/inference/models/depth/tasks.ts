import { z } from 'zod';
import type { RgbImage } from '../sam2/pre';
import { UNRECOGNIZED_MARK } from '../sam2/tasks';
import { type DepthResult, DepthRunner } from './runner';

/**
 * `depth:estimate` for the inference host's registry: disparity (for display), Dn and LeviTor Z0 at image
 * size. Parity mode (the network sees BGR) is on unless `parityBgr: false`.
 */
export class DepthTasks {
  private readonly runners = new Map<string, Promise<DepthRunner>>();

  private runner(modelPath: string, providers: readonly string[] = ['cpu']): Promise<DepthRunner> {
    const key = `${modelPath}\n${providers.join()}`;
    let r = this.runners.get(key);
    if (!r) {
      r = DepthRunner.open(modelPath, providers);
      r.catch(() => this.runners.delete(key));
      this.runners.set(key, r);
    }
    return r;
  }

  /** Opens (or reuses) the session; throws what onnxruntime or recognition said. */
  async open(modelPath: string, providers?: readonly string[]): Promise<void> {
    await this.runner(modelPath, providers);
  }

  async estimate(p: {
    modelPath: string;
    image: RgbImage;
    parityBgr?: boolean;
    providers?: readonly string[];
    maxSide?: number | undefined;
  }): Promise<DepthResult> {
    return (await this.runner(p.modelPath, p.providers)).estimate(p.image, {
      parityBgr: p.parityBgr ?? true,
      ...(p.maxSide !== undefined ? { maxSide: p.maxSide } : {}),
    });
  }

  async dispose(): Promise<void> {
    const all = [...this.runners.values()];
    this.runners.clear();
    for (const r of all) await (await r.catch(() => null))?.release();
  }
}

// ---- Host registry handler (src-main/inference/tasks.ts).

/** The parts of the host's TaskContext (src-main/inference/taskContext.ts) this handler uses. */
interface HostTaskContext {
  readonly providers: readonly string[];
  readonly signal: AbortSignal;
}

const hostDepth = new DepthTasks();
const EstimatePayload = z.object({
  modelPath: z.string().min(1),
  image: z
    .object({
      data: z.instanceof(Uint8Array),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
    })
    .refine((i) => i.data.length === i.width * i.height * 3, 'image.data must hold width*height*3 RGB bytes'),
  parityBgr: z.boolean().optional(),
  /** Answer on the work grid of at most this many pixels a side (what the studio keeps), not at image size. */
  maxSide: z.number().int().positive().optional(),
});

/**
 * depth:estimate: float32 [H*W] Z0 and disparity at image size, or on the work grid of `maxSide` (parity mode
 * unless parityBgr: false).
 */
export async function depthEstimateHostTask(
  ctx: HostTaskContext,
  payload: unknown,
): Promise<{ width: number; height: number; z0: Float32Array; disparity: Float32Array; dn: Uint8Array }> {
  const p = EstimatePayload.parse(payload);
  const providers = ctx.providers;
  try {
    await hostDepth.open(p.modelPath, providers);
  } catch (e) {
    // A broken or foreign graph: main turns the mark into models/unrecognized.
    throw new Error(`${UNRECOGNIZED_MARK} ${(e as Error).message ?? String(e)}`, { cause: e });
  }
  const r = await hostDepth.estimate({ ...p, providers, parityBgr: p.parityBgr ?? true });
  // Z0 travels as float32 (the project's depth format); Dn rides along for an exact float64 Z0 = 1/Dn.
  return { width: r.width, height: r.height, z0: Float32Array.from(r.z0), disparity: r.disparity, dn: r.dn };
}
