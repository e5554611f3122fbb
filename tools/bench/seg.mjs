#!/usr/bin/env node
// npm run bench -- seg [--models DIR] [--clicks N] [--tiny] [--no-amg] [--amg-worst]
// SAM2.1-tiny (full-size, random weights: same architecture and cost as the published weights), CPU:
// encoder time, click-to-mask latency p50/p95 (decoder + post-processing + hand-over of the mask through a
// MessageChannel, standing in for the transfer to the renderer), automatic-mask time. Prints; asserts nothing.
import { MessageChannel } from 'node:worker_threads';
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
  let dir = join(benchModelDir(root, argv), 'sam2.1-tiny');
  let label = 'SAM2.1-tiny full size, random weights';
  if (argv.includes('--tiny') || !ensureBenchModels(root, dir, 'sam2', ['encoder.onnx', 'decoder.onnx'])) {
    dir = join(root, 'tests/fixtures/sam2');
    label = 'tiny fixture model (NOT representative)';
  }
  const clicks = Number(arg(argv, 'clicks', '40'));
  const vite = await viteLoader(root);
  try {
    const { Sam2Runner } = await vite.ssrLoadModule('/src-main/inference/models/sam2/runner.ts');
    const { segmentClick } = await vite.ssrLoadModule('/src-main/inference/models/sam2/segment.ts');
    const { preprocessSam2 } = await vite.ssrLoadModule('/src-main/inference/models/sam2/pre.ts');
    const { generateMasks } = await vite.ssrLoadModule('/src-main/inference/models/sam2/amg.ts');
    const img = testImage();
    console.log(`seg bench: ${label}; image ${img.width}x${img.height}; CPU provider; ${dir}`);
    const runner = await Sam2Runner.open(join(dir, 'encoder.onnx'), join(dir, 'decoder.onnx'));
    try {
      const pre = [];
      const enc = [];
      for (let r = 0; r < 3; r++) {
        let t = performance.now();
        preprocessSam2(img);
        pre.push(performance.now() - t);
        runner.cache.clear();
        t = performance.now();
        await runner.encode(img);
        enc.push(performance.now() - t);
      }
      console.log(
        `encoder (pre + run), 3 runs: ${enc.map((x) => x.toFixed(0)).join(', ')} ms; pre-processing alone ${pct(pre, 50).toFixed(0)} ms`,
      );
      const { port1, port2 } = new MessageChannel();
      const receive = () => new Promise((res) => port2.once('message', res));
      const lat = [];
      const dec = [];
      let previous = null;
      for (let i = 0; i < clicks + 3; i++) {
        const x = 10 + ((i * 37) % (img.width - 20));
        const y = 10 + ((i * 53) % (img.height - 20));
        const t = performance.now();
        const r = await segmentClick(
          runner,
          img,
          { points: [{ x, y, label: 1 }] },
          { previous: i % 2 ? previous : null },
        );
        const got = receive();
        port1.postMessage(r.mask, [r.mask.buffer]);
        await got;
        previous = r.lowRes;
        if (i >= 3) {
          lat.push(performance.now() - t);
          dec.push(r.decodeMs);
        }
      }
      port1.close();
      console.log(
        `click-to-mask (${clicks} clicks, half refinement): p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms ` +
          `(decoder run alone p50 ${pct(dec, 50).toFixed(1)} ms, p95 ${pct(dec, 95).toFixed(1)} ms); encodes: ${runner.encodeCount} (cache)`,
      );
      if (argv.includes('--no-amg')) return;
      const e = await runner.encode(img);
      let t = performance.now();
      const masks = await generateMasks(runner, e, {});
      console.log(
        `automatic masks, reference settings (32x32 grid, batch 64, IoU 0.88, stability 0.95, NMS 0.7): ${(performance.now() - t).toFixed(0)} ms, ${masks.length} masks (random weights: few pass)`,
      );
      if (!argv.includes('--amg-worst')) return;
      t = performance.now();
      const all = await generateMasks(runner, e, { settings: { predIouThresh: 0, stabilityScoreThresh: 0 } });
      console.log(
        `automatic masks, worst case (every one of 3072 masks post-processed at image size): ${(performance.now() - t).toFixed(0)} ms, ${all.length} after NMS`,
      );
    } finally {
      await runner.release();
    }
  } finally {
    await vite.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
