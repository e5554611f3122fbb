#!/usr/bin/env node
// npm run bench -- diffusion [--pack DIR] [--steps N] [--runs N] [--memory per-phase|per-job]
//                            [--options studio|default]
// Splits every denoising step of the SVD pipeline into ONNX time (inside session.run) and everything else
// (tensor packing, CFG, scheduler, JS <-> native hand-over), on the tiny pack by default, CPU provider;
// and prints the process's resident memory per phase (peak during it, what is left after it) under the
// sessions' memory policy (runner.ts; per-phase is the studio's) and session options (sessionOptions.ts;
// `default`: onnxruntime's, as before they were chosen); CPU time per step beside the wall time (steadier
// on a loaded machine). Prints figures; asserts nothing (docs/design.md: tests never assert on time).
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { viteLoader } from '../export/common/benchModels.mjs';
import { arg, median } from './lib/args.mjs';
import { formatPhases, phaseMemory } from './lib/phaseMemory.mjs';
import { loadSvdPipeline } from './lib/svd.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};

export async function run(argv = process.argv.slice(2)) {
  const packDir = resolve(arg(argv, 'pack', join(root, 'tests/fixtures/svd/pack')));
  const steps = Number(arg(argv, 'steps', '25'));
  const runs = Number(arg(argv, 'runs', '3'));
  const memory = arg(argv, 'memory', 'per-phase');
  if (memory !== 'per-phase' && memory !== 'per-job') throw new Error('--memory: per-phase or per-job');
  const options = arg(argv, 'options', 'studio');
  if (options !== 'studio' && options !== 'default') throw new Error('--options: studio or default');
  const vite = await viteLoader(root);
  try {
    const { loadSvdPack, SvdSessions, generateSvd, svdParamsSchema } = await loadSvdPipeline(vite);
    const pack = loadSvdPack(packDir);
    const m = pack.manifest;
    const { width: W, height: H } = m.resolution;
    const mib = () => Math.round(process.memoryUsage().rss / 2 ** 20);
    const rssBeforeOpen = mib();
    // per-phase: fresh sessions for every generation, as the studio opens them per job (reopening inside
    // a run would land in its first step); per-job: one set for all runs (warm after run 0)
    const sessionOptions =
      options === 'default' ? (_, providers) => ({ executionProviders: [...providers] }) : undefined;
    const open = () =>
      SvdSessions.open(pack, ['cpu'], { memory, ...(sessionOptions ? { sessionOptions } : {}) });
    const shared = memory === 'per-job' ? await open() : null;
    let rssOpen = mib();
    const memoryRuns = [];
    const image01 = new Float32Array(3 * H * W).map((_, i) => (i % 255) / 255);
    const control = new Float32Array(m.frames * 3 * H * W).map((_, i) => (i % 97 === 0 ? 200 : 0));
    const rows = [];
    try {
      for (let r = 0; r < runs + 1; r++) {
        const sessions = shared ?? (await open());
        if (r === 0 && !shared) rssOpen = mib();
        let stepStart = 0;
        let cpuStart = process.cpuUsage();
        let onnx = 0;
        const timed = {
          run: async (name, feeds) => {
            const out = await sessions.run(name, feeds);
            if (name === 'denoiser') onnx = sessions.lastRunMs;
            return out;
          },
          phaseDone: (phase) => sessions.phaseDone(phase),
        };
        const probe = phaseMemory(timed);
        const onTensor = (name) => {
          const t = performance.now();
          if (name.startsWith('latents_step')) {
            const c = process.cpuUsage(cpuStart);
            if (r > 0) rows.push({ total: t - stepStart, onnx, cpu: (c.user + c.system) / 1000 });
          }
          if (name === 'latents_init' || name.startsWith('latents_step')) {
            stepStart = performance.now();
            cpuStart = process.cpuUsage();
          }
        };
        // run 0 warms up (code, and the sessions when shared) and is not counted
        probe.start();
        try {
          await generateSvd(
            probe.runner,
            m,
            { image01, control },
            svdParamsSchema.parse({ steps, seed: r }),
            {
              onTensor,
            },
          );
        } finally {
          if (!shared) await sessions.release();
        }
        memoryRuns.push({ phases: [...probe.phases], scope: probe.peakScope });
      }
    } finally {
      await shared?.release();
    }
    const total = median(rows.map((x) => x.total));
    const onnx = median(rows.map((x) => x.onnx));
    const rest = rows.map((x) => x.total - x.onnx);
    const restShare = rows.map((x) => (x.total - x.onnx) / x.total);
    console.log(
      `diffusion bench: pack ${packDir} (${m.kind}, ${W}x${H}x${m.frames}), CPU provider, ${steps} steps x ${runs} runs`,
    );
    console.log(
      `  per step (median): total ${total.toFixed(3)} ms | onnx run ${onnx.toFixed(3)} ms | rest ${median(rest).toFixed(3)} ms | CPU time ${median(rows.map((x) => x.cpu)).toFixed(1)} ms`,
    );
    console.log(
      `  rest share: median ${(100 * median(restShare)).toFixed(2)} %, p95 ${(100 * quantile(restShare, 0.95)).toFixed(2)} %, max ${(100 * Math.max(...restShare)).toFixed(2)} % over ${rows.length} steps (budget 5 %)`,
    );
    const first = memoryRuns[0];
    const last = memoryRuns.at(-1);
    console.log(
      `  memory (${memory}, ${options} session options, resident MiB; peak per ${first?.scope ?? 'process'}): before open ${rssBeforeOpen}, sessions open ${rssOpen}`,
    );
    console.log(`    first generation: ${formatPhases(first?.phases ?? [])}`);
    if (memoryRuns.length > 1) console.log(`    last generation:  ${formatPhases(last?.phases ?? [])}`);
    const peakMiB = Math.max(...memoryRuns.flatMap((x) => x.phases.map((p) => p.peakMiB)));
    return { total, onnx, rest: median(rest), restShare: median(restShare), memory, peakMiB, memoryRuns };
  } finally {
    await vite.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run();
}
