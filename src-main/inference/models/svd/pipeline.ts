import { clipPixelValues } from '../../../../src-shared/diffusion/antialiasResize';
import { combineGuidance, frameGuidance } from '../../../../src-shared/diffusion/guidance';
import { Prng } from '../../../../src-shared/diffusion/prng';
import {
  eulerVStep,
  inputDivisor,
  karrasSigmas,
  modelTimesteps,
  scaleInitialNoise,
} from '../../../../src-shared/diffusion/scheduler';
import { addedTimeIds } from '../../../../src-shared/diffusion/timeIds';
import type { SvdPackManifest } from './manifest';
import type { SvdParams } from './params';
import type { SvdPhase } from './phases';
import { controlForCfg, embedsForCfg, sampleBuffer, vaeInput, writeScaledLatents } from './pre';
import { toUnit, unscaleLatents } from './post';
import type { NamedTensor } from './runner';

/** What the pipeline needs from the sessions (SvdSessions, or a timing wrapper in the bench). */
export interface SvdRunner {
  run(
    name: 'imageEncoder' | 'vaeEncoder' | 'denoiser' | 'vaeDecoder',
    feeds: Record<string, NamedTensor>,
  ): Promise<Float32Array>;
  /**
   * Called once each phase has run its last graph, before the next phase starts (SvdSessions releases that
   * phase's sessions here, so their memory serves the next phase; a bench samples memory). Not called for
   * a phase that failed or was cancelled: the caller releases everything then.
   */
  phaseDone?(phase: SvdPhase): Promise<void>;
}

export interface SvdInput {
  /** [3,H,W] in [0,1] at the pack's resolution */
  image01: Float32Array;
  /** [F,3,H,W] LeviTor control map (docs/levitor-method.md section 7), not normalised */
  control: Float32Array;
  /** Injected noise (goldens); when absent both come from the seeded Prng (aug noise drawn first). */
  augNoise?: Float32Array; // [1,3,H,W]
  initNoise?: Float32Array; // [1,F,4,h,w]
}

export interface SvdProgress {
  phase: SvdPhase;
  step: number; // steps done
  steps: number;
  elapsedMs: number;
  etaMs: number | null;
}

export interface SvdHooks {
  onProgress?: (p: SvdProgress) => void;
  /** Debug/golden tap: called with named intermediates (do not keep the arrays: some are reused). */
  onTensor?: (name: string, data: Float32Array) => void;
  signal?: AbortSignal;
  now?: () => number;
  /** Awaited before each denoising step and VAE chunk: the host's priority gate (clicks go first). */
  pause?: () => Promise<void>;
}

export interface SvdResult {
  frames01: Float32Array; // [F,3,H,W] in [0,1], before 8-bit quantisation
  frames: number;
  width: number;
  height: number;
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw signal.reason instanceof Error
      ? signal.reason
      : new DOMException('generation cancelled', 'AbortError');
}

export async function generateSvd(
  runner: SvdRunner,
  m: SvdPackManifest,
  input: SvdInput,
  p: SvdParams,
  hooks: SvdHooks = {},
): Promise<SvdResult> {
  const now = hooks.now ?? (() => performance.now());
  const t0 = now();
  const { width: W, height: H } = m.resolution;
  const { width: w, height: h } = m.latent;
  const F = p.frames ?? m.frames;
  if (F !== m.frames) throw new Error(`this pack generates ${m.frames} frames, ${F} requested`);
  if (input.image01.length !== 3 * H * W) throw new Error(`image must be [3,${H},${W}]`);
  if (input.control.length !== F * 3 * H * W) throw new Error(`control must be [${F},3,${H},${W}]`);
  const tap = hooks.onTensor ?? (() => undefined);
  const rng = new Prng(p.seed);
  const augNoise = input.augNoise ?? rng.normals(3 * H * W);
  const initNoise = input.initNoise ?? rng.normals(F * 4 * h * w);
  const progress = (phase: SvdProgress['phase'], step: number, etaMs: number | null): void =>
    hooks.onProgress?.({ phase, step, steps: p.steps, elapsedMs: now() - t0, etaMs });

  progress('encode', 0, null);
  const pixel = clipPixelValues(input.image01, H, W); // [3,224,224]
  tap('clip_input', pixel);
  const embeds = await runner.run('imageEncoder', { pixel_values: { data: pixel, dims: [1, 3, 224, 224] } });
  tap('image_embeds', embeds); // [1,E]
  checkAbort(hooks.signal);
  const latent = await runner.run('vaeEncoder', {
    image: { data: vaeInput(input.image01, augNoise, p.noiseAugStrength), dims: [1, 3, H, W] },
  });
  tap('image_latent', latent); // [1,4,h,w]
  await runner.phaseDone?.('encode');
  checkAbort(hooks.signal);

  const sigmas = karrasSigmas(p.steps, m.scheduler);
  const timesteps = modelTimesteps(sigmas);
  tap('sigmas', sigmas);
  tap('timesteps', timesteps);
  const latents = scaleInitialNoise(Float32Array.from(initNoise), sigmas); // [F,4,h,w]
  tap('latents_init', latents);
  const guidance = frameGuidance(p.minGuidance, p.maxGuidance, F);
  const E = m.imageEmbedDim;
  const fixed: Record<string, NamedTensor> = {
    encoder_hidden_states: { data: embedsForCfg(embeds), dims: [2, 1, E] },
    added_time_ids: { data: addedTimeIds(p.fps, p.motionBucketId, p.noiseAugStrength), dims: [2, 3] },
    controlnet_cond: { data: controlForCfg(input.control), dims: [2, F, 3, H, W] },
    conditioning_scale: { data: Float32Array.of(p.controlScale), dims: [1] },
  };
  const sample = sampleBuffer(latent, F); // [2,F,8,h,w]
  const v = new Float32Array(F * 4 * h * w);
  const tDenoise = now();
  for (let i = 0; i < p.steps; i++) {
    checkAbort(hooks.signal);
    await hooks.pause?.();
    const sigma = sigmas[i] ?? 0;
    writeScaledLatents(latents, inputDivisor(sigma), F, sample);
    const vBoth = await runner.run('denoiser', {
      ...fixed,
      sample: { data: sample, dims: [2, F, 8, h, w] },
      timestep: { data: Float32Array.of(timesteps[i] ?? 0), dims: [1] },
    }); // [2,F,4,h,w]
    combineGuidance(vBoth, guidance, v);
    eulerVStep(latents, v, sigma, sigmas[i + 1] ?? 0);
    tap(`latents_step${i}`, latents);
    const perStep = (now() - tDenoise) / (i + 1);
    progress('denoise', i + 1, perStep * (p.steps - i - 1));
  }
  await runner.phaseDone?.('denoise');

  checkAbort(hooks.signal);
  const flat = unscaleLatents(latents, m.latent.scalingFactor); // [F,4,h,w]
  const frames01 = new Float32Array(F * 3 * H * W);
  const n = m.decodeChunk;
  for (let s = 0; s < F; s += n) {
    await hooks.pause?.();
    const decoded = await runner.run('vaeDecoder', {
      latents: { data: flat.slice(s * 4 * h * w, (s + n) * 4 * h * w), dims: [n, 4, h, w] },
    }); // [n,3,H,W]
    toUnit(decoded, frames01, s * 3 * H * W);
    checkAbort(hooks.signal);
  }
  await runner.phaseDone?.('decode');
  tap('frames', frames01);
  progress('decode', p.steps, 0);
  return { frames01, frames: F, width: W, height: H };
}
