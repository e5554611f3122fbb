#!/usr/bin/env node
// One whole generation through the studio's own pipeline (src-main/inference/models/svd: SvdSessions +
// generateSvd), timed per denoising step; the onnxruntime column of tools/gpu/check.sh.
//   node tools/gpu/generate.mjs --pack DIR [--providers cuda] [--steps 25] [--memory per-phase|per-job]
//                               [--allow-fallback]
// Prints one JSON line, with each phase's end time (epoch ms: check.sh cuts its nvidia-smi samples into
// phases with them) and the process's resident memory per phase. Without --allow-fallback, a provider that fails to load (and the runner's fallback
// to CPU) is an error: a CUDA figure must come from CUDA.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { viteLoader } from '../export/common/benchModels.mjs';
import { arg, median } from '../bench/lib/args.mjs';
import { phaseMemory } from '../bench/lib/phaseMemory.mjs';
import { loadSvdPipeline } from '../bench/lib/svd.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function run(argv = process.argv.slice(2)) {
  const packDir = resolve(arg(argv, 'pack'));
  const providers = arg(argv, 'providers', 'cuda').split(',');
  const steps = Number(arg(argv, 'steps', '25'));
  // the sessions' memory policy (src-main/inference/models/svd/runner.ts); per-phase is the studio's
  const memory = arg(argv, 'memory', 'per-phase');
  if (memory !== 'per-phase' && memory !== 'per-job') throw new Error('--memory: per-phase or per-job');
  const vite = await viteLoader(root);
  try {
    const { loadSvdPack, SvdSessions, generateSvd, svdParamsSchema } = await loadSvdPipeline(vite);
    const pack = loadSvdPack(packDir);
    const m = pack.manifest;
    const { width: W, height: H } = m.resolution;
    const t0 = performance.now();
    const sessions = await SvdSessions.open(pack, providers, { memory });
    const loadSeconds = (performance.now() - t0) / 1000;
    if (sessions.fallbackReason && !argv.includes('--allow-fallback')) {
      await sessions.release();
      throw new Error(`onnxruntime could not use ${providers.join(',')}: ${sessions.fallbackReason}`);
    }
    const image01 = new Float32Array(3 * H * W).map((_, i) => (i % 255) / 255);
    const control = new Float32Array(m.frames * 3 * H * W).map((_, i) => (i % 97 === 0 ? 200 : 0));
    const stepSeconds = [];
    let stepStart = 0;
    let finite = true;
    const probe = phaseMemory(sessions);
    const startEpochMs = Date.now();
    const t1 = performance.now();
    probe.start();
    try {
      const frames = await generateSvd(
        probe.runner,
        m,
        { image01, control },
        svdParamsSchema.parse({ steps, seed: 1 }),
        {
          onTensor: (name) => {
            const t = performance.now();
            if (name.startsWith('latents_step')) stepSeconds.push((t - stepStart) / 1000);
            if (name === 'latents_init' || name.startsWith('latents_step')) stepStart = performance.now();
          },
        },
      );
      finite = frames.frames01.every((x) => Number.isFinite(x));
    } finally {
      await sessions.release();
    }
    const after = stepSeconds.length > 1 ? stepSeconds.slice(1) : stepSeconds;
    const result = {
      engine: `onnxruntime-node ${sessions.providers.join(',')} (${m.precision.weights} weights)`,
      shape: `${W}x${H}x${m.frames}`,
      steps,
      loadSeconds: +loadSeconds.toFixed(2),
      secondsPerStep: +median(after).toFixed(4),
      firstStepSeconds: +(stepSeconds[0] ?? NaN).toFixed(4),
      generationSeconds: +((performance.now() - t1) / 1000).toFixed(2),
      framesFinite: finite,
      fallback: sessions.fallbackReason ?? null,
      memory: sessions.memory,
      startEpochMs,
      // host memory (RSS): the CPU provider's figure; with CUDA the GPU's is check.sh's nvidia-smi
      hostPeakScope: probe.peakScope,
      phases: probe.phases,
    };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await vite.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run();
}
