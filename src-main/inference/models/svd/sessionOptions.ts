import type * as ort from 'onnxruntime-node';
import type { SvdGraphName } from './manifest';

export type SvdSessionOptionsFor = (
  name: SvdGraphName,
  providers: readonly string[],
) => ort.InferenceSession.SessionOptions;

/**
 * Session options of the four video graphs (README.md, "Memory between phases"; figures there).
 * - No memory pattern, on every provider: with a pattern onnxruntime plans one block for all of a run's
 *   activations from the second run on, and the arena (which never gives back what it holds) keeps the first
 *   run's blocks beside it: the denoiser at 288x512x16 held 3.78 GB instead of 2.53 (CPU, tiny weights).
 * - No CPU arena for the graphs run once per generation (both encoders, the decoder): what a run used goes
 *   back to the system at once (decoder 2.98 GB peak instead of 3.39); the denoiser, run every step, keeps
 *   its arena: without it each step faulted its memory in again (9.4 s of CPU per step instead of 6.4).
 *   enableCpuMemArena only concerns the CPU allocator; onnxruntime-node 1.23 exposes no option of the CUDA
 *   arena (its provider options carry the device id only), so there the sessions' release per phase
 *   (runner.ts) is what gives memory back.
 * - Optimisation level: onnxruntime's default ('all'), on purpose. On the CPU, 'extended' opens the full-size
 *   denoiser 14-32 s faster and with 1.5 GB less peak memory (it skips the NCHWc rewrite of the
 *   convolutions), but its steps measured 2.5-4.5% slower at 256x144x4 (within the noise, not ruled
 *   out), which 25 steps at the studio's sizes would outweigh (README.md, "Opening the denoiser on the
 *   CPU").
 */
export const svdSessionOptions: SvdSessionOptionsFor = (name, providers) => {
  return {
    executionProviders: [...providers],
    enableMemPattern: false,
    ...(name === 'denoiser' ? {} : { enableCpuMemArena: false }),
  };
};
