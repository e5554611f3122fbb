#!/usr/bin/env node
// npm run bench -- diffusion [--pack DIR] [--steps N] [--runs N]
// Splits every denoising step of the SVD pipeline into ONNX time (inside session.run) and everything else
// (tensor packing, CFG, scheduler, JS <-> native hand-over), on the tiny pack by default, CPU provider.
// Prints figures; asserts nothing (docs/design.md: tests never assert on time).
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { viteLoader } from '../export/common/benchModels.mjs';
import { arg, median } from './lib/args.mjs';
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
  const vite = await viteLoader(root);
  try {
    const { loadSvdPack, SvdSessions, generateSvd, svdParamsSchema } = await loadSvdPipeline(vite);
    const pack = loadSvdPack(packDir);
    const m = pack.manifest;
    const { width: W, height: H } = m.resolution;
    const sessions = await SvdSessions.open(pack);
    const image01 = new Float32Array(3 * H * W).map((_, i) => (i % 255) / 255);
    const control = new Float32Array(m.frames * 3 * H * W).map((_, i) => (i % 97 === 0 ? 200 : 0));
    const rows = [];
    try {
      for (let r = 0; r < runs + 1; r++) {
        let stepStart = 0;
        let onnx = 0;
        const runner = {
          run: async (name, feeds) => {
            const out = await sessions.run(name, feeds);
            if (name === 'denoiser') onnx = sessions.lastRunMs;
            return out;
          },
        };
        const onTensor = (name) => {
          const t = performance.now();
          if (name.startsWith('latents_step')) {
            if (r > 0) rows.push({ total: t - stepStart, onnx });
          }
          if (name === 'latents_init' || name.startsWith('latents_step')) stepStart = performance.now();
        };
        // run 0 warms the sessions up and is not counted
        await generateSvd(runner, m, { image01, control }, svdParamsSchema.parse({ steps, seed: r }), {
          onTensor,
        });
      }
    } finally {
      await sessions.release();
    }
    const total = median(rows.map((x) => x.total));
    const onnx = median(rows.map((x) => x.onnx));
    const rest = rows.map((x) => x.total - x.onnx);
    const restShare = rows.map((x) => (x.total - x.onnx) / x.total);
    console.log(
      `diffusion bench: pack ${packDir} (${m.kind}, ${W}x${H}x${m.frames}), CPU provider, ${steps} steps x ${runs} runs`,
    );
    console.log(
      `  per step (median): total ${total.toFixed(3)} ms | onnx run ${onnx.toFixed(3)} ms | rest ${median(rest).toFixed(3)} ms`,
    );
    console.log(
      `  rest share: median ${(100 * median(restShare)).toFixed(2)} %, p95 ${(100 * quantile(restShare, 0.95)).toFixed(2)} %, max ${(100 * Math.max(...restShare)).toFixed(2)} % over ${rows.length} steps (budget 5 %)`,
    );
    return { total, onnx, rest: median(rest), restShare: median(restShare) };
  } finally {
    await vite.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run();
}
