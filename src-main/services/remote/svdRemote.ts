import { Prng } from '../../../src-shared/diffusion/prng';
import type { SvdPackManifest } from '../../inference/models/svd/manifest';
import type { SvdParams } from '../../inference/models/svd/params';
import type { SvdProgress } from '../../inference/models/svd/pipeline';
import { RemoteError, RemoteErrorCode } from './errors';
import { checkServerPack, GENERATE_MODEL } from './check';
import { fp32, readFp32, readInt, readText, text } from './tensors';
import type { TritonClient } from './tritonClient';

export interface RemoteSvdInput {
  manifest: SvdPackManifest;
  /** identity of the pack the project expects (packIdentity) */
  packSha256: string;
  image01: Float32Array; // [3,H,W]
  control: Float32Array; // [F,3,H,W]
  params: SvdParams;
}

export interface RemoteSvdHooks {
  onProgress?: (p: SvdProgress) => void;
  /** every response as it arrives, with its size in bytes (the bench) */
  onResponse?: (bytes: number, phase: string) => void;
  signal?: AbortSignal;
  now?: () => number;
}

export interface RemoteSvdResult {
  frames01: Float32Array; // [F,3,H,W] in [0,1]
  frames: number;
  width: number;
  height: number;
  /** bytes of tensor data sent with the request */
  bytesSent: number;
}

const PHASES = new Set<SvdProgress['phase']>(['encode', 'denoise', 'decode']);

/**
 * One take on a Triton server's `levitor_generate`: the same inputs the local pipeline computes from (the
 * noise drawn here from the seed, in the local pipeline's order, so a seed gives the same take on either
 * device), per-step progress with an ETA from the streamed responses, the frames back as float32.
 * Refuses a server that serves another pack before sending anything.
 */
export async function generateRemote(
  client: TritonClient,
  input: RemoteSvdInput,
  hooks: RemoteSvdHooks = {},
): Promise<RemoteSvdResult> {
  const now = hooks.now ?? (() => performance.now());
  const t0 = now();
  const m = input.manifest;
  const { width: W, height: H } = m.resolution;
  const { width: w, height: h } = m.latent;
  const F = input.params.frames ?? m.frames;
  if (F !== m.frames) throw new Error(`this pack generates ${m.frames} frames, ${F} requested`);
  if (input.image01.length !== 3 * H * W) throw new Error(`image must be [3,${H},${W}]`);
  if (input.control.length !== F * 3 * H * W) throw new Error(`control must be [${F},3,${H},${W}]`);
  await checkServerPack(client, input.packSha256);
  const rng = new Prng(input.params.seed);
  const augNoise = rng.normals(3 * H * W);
  const initNoise = rng.normals(F * 4 * h * w);
  const tensors = [
    fp32('image', input.image01, [3, H, W]),
    fp32('control', input.control, [F, 3, H, W]),
    fp32('aug_noise', augNoise, [1, 3, H, W]),
    fp32('init_noise', initNoise, [1, F, 4, h, w]),
    text('params', JSON.stringify({ ...input.params, frames: F })),
    text('pack_sha256', input.packSha256),
  ];
  let frames01: Float32Array | null = null;
  let tDenoise: number | null = null;
  await client.streamInfer(
    GENERATE_MODEL,
    tensors,
    (r) => {
      let bytes = 0;
      for (const t of r.values()) bytes += t.raw.length;
      const phaseT = r.get('phase');
      const phase = phaseT ? readText(phaseT) : '';
      hooks.onResponse?.(bytes, phase);
      const out = r.get('frames');
      if (out) frames01 = readFp32(out);
      const stepT = r.get('step');
      const stepsT = r.get('steps');
      if (!stepT || !stepsT || !PHASES.has(phase as SvdProgress['phase'])) return;
      const step = readInt(stepT);
      const steps = readInt(stepsT);
      const t = now();
      if (phase === 'denoise' && tDenoise === null) tDenoise = t; // the first step's report starts the clock
      const perStep = tDenoise !== null && step > 1 ? (t - tDenoise) / (step - 1) : null;
      const etaMs = phase === 'decode' ? 0 : perStep === null ? null : perStep * (steps - step);
      hooks.onProgress?.({ phase: phase as SvdProgress['phase'], step, steps, elapsedMs: t - t0, etaMs });
    },
    hooks.signal,
  );
  const got = frames01 as Float32Array | null;
  if (!got || got.length !== F * 3 * H * W)
    throw new RemoteError(
      RemoteErrorCode.Failed,
      `The server at ${client.display} finished without the frames [${F},3,${H},${W}].`,
    );
  const bytesSent = tensors.reduce((a, t) => a + t.raw.length, 0);
  return { frames01: got, frames: F, width: W, height: H, bytesSent };
}
