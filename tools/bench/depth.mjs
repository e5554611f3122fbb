#!/usr/bin/env node
// npm run bench -- depth [--models DIR] [--runs N] [--tiny]
// Depth-Anything-V2-Small (full-size, random weights), transformers.js-style graph, CPU: pre-processing
// (OpenCV-exact bicubic), network, post (resize + Dn/Z0), at 288x512 (network input 518x910) and 640x480.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  benchModelDir,
  ensureBenchModels,
  pct,
  testImage,
  viteLoader,
} from '../export/common/benchModels.mjs';
import { arg } from './lib/args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function run(argv = process.argv.slice(2)) {
  let dir = join(benchModelDir(root, argv), 'da-v2-small');
  let label = 'Depth-Anything-V2-Small full size, random weights';
  if (argv.includes('--tiny') || !ensureBenchModels(root, dir, 'depth', ['model.onnx'])) {
    dir = join(root, 'tests/fixtures/depth');
    label = 'tiny fixture model (NOT representative)';
  }
  const runs = Number(arg(argv, 'runs', '3'));
  const vite = await viteLoader(root);
  try {
    const { DepthRunner } = await vite.ssrLoadModule('/src-main/inference/models/depth/runner.ts');
    const { preprocessDepth } = await vite.ssrLoadModule('/src-main/inference/models/depth/pre.ts');
    console.log(`depth bench: ${label}; CPU provider; ${dir}`);
    const runner = await DepthRunner.open(join(dir, 'model.onnx'));
    try {
      for (const [w, h] of [
        [288, 512],
        [640, 480],
      ]) {
        const img = testImage(w, h);
        const total = [];
        const onnx = [];
        const pre = [];
        for (let r = 0; r < runs + 1; r++) {
          let t = performance.now();
          const x = preprocessDepth(img);
          const p = performance.now() - t;
          t = performance.now();
          const out = await runner.estimate(img);
          if (r > 0) {
            total.push(performance.now() - t);
            onnx.push(out.runMs);
            pre.push(p);
          }
          if (r === 0) console.log(`  ${w}x${h}: network input ${x.width}x${x.height}`);
        }
        const m = (xs) => pct(xs, 50).toFixed(0);
        console.log(
          `  ${w}x${h}: depth total median ${m(total)} ms (network ${m(onnx)} ms, pre ${m(pre)} ms, post = rest) over ${runs} runs`,
        );
      }
    } finally {
      await runner.release();
    }
  } finally {
    await vite.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
