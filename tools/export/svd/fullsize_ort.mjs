#!/usr/bin/env node
// The studio side of the full-size check (tools/export/svd/fullsize_check.sh drives it):
//   node tools/export/svd/fullsize_ort.mjs install --from DIR --models-dir DIR [--size WxH] [--frames N] [--precision P]
//     installs levitor-svd-xt through the CLI's own code (`levitor models install ... --from DIR`) and prints
//     one JSON line: seconds, the pack folder; with --template DIR (tiny fixture checkpoints, whose template
//     the app does not ship) it calls the function that command ends in, installVideoFromDir, directly;
//   node tools/export/svd/fullsize_ort.mjs graph --pack DIR --graph KEY --torch DIR [--providers cpu] [--tolerance R]
//     one graph per process (so its peak RSS is its own): load time, one run on the PyTorch side's inputs,
//     max abs diff against its output (fails past R x max(1, max |y|), default 1e-3) and the RMS of the
//     difference relative to the output's RMS; one JSON line.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { viteLoader } from '../common/benchModels.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const GRAPH_FILES = {
  image_encoder: 'imageEncoder',
  vae_encoder: 'vaeEncoder',
  denoiser: 'denoiser',
  vae_decoder: 'vaeDecoder',
};

function arg(argv, name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
}

const peakRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function install(argv) {
  const vite = await viteLoader(root);
  try {
    const modelsDir = resolve(arg(argv, 'models-dir'));
    const from = resolve(arg(argv, 'from'));
    const cli = ['install', 'levitor-svd-xt', '--from', from, '--models-dir', modelsDir];
    for (const k of ['size', 'frames', 'decode-chunk', 'precision']) {
      if (arg(argv, k) !== undefined) cli.push(`--${k}`, arg(argv, k));
    }
    const t0 = performance.now();
    const template = arg(argv, 'template');
    if (template !== undefined) {
      const { ModelRegistry } = await vite.ssrLoadModule('/src-main/services/models/registry.ts');
      const { installVideoFromDir } = await vite.ssrLoadModule(
        '/src-main/services/models/videopack/install.ts',
      );
      const [width, height] = arg(argv, 'size', '288x512').split('x').map(Number);
      const frames = Number(arg(argv, 'frames', '16'));
      const decodeChunk = Number(arg(argv, 'decode-chunk', String(frames)));
      await installVideoFromDir(new ModelRegistry(modelsDir), from, {
        templateDir: resolve(template),
        shape: { width, height, frames, decodeChunk },
        id: 'levitor-svd-xt',
        name: 'levitor-svd-xt (template ' + template + ')',
        licence: { spdx: 'Apache-2.0', redistributable: true },
        source: { kind: 'local', repo: from },
      });
    } else {
      const { modelsCommand } = await vite.ssrLoadModule('/src-main/cli/models.ts');
      const code = await modelsCommand(cli);
      if (code !== 0) throw new Error(`levitor models ${cli.join(' ')} exited ${code}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const pack = join(modelsDir, 'levitor-svd-xt', 'files');
    console.log(JSON.stringify({ installSeconds: +seconds.toFixed(2), pack, command: cli.join(' ') }));
  } finally {
    await vite.close();
  }
}

function readF32(dir, rec) {
  const buf = readFileSync(join(dir, rec.file));
  return { data: new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4), dims: rec.shape };
}

async function graph(argv) {
  const baseline = peakRssMB();
  const ort = await import('onnxruntime-node');
  const packDir = resolve(arg(argv, 'pack'));
  const key = arg(argv, 'graph');
  const torchDir = resolve(arg(argv, 'torch'));
  const providers = arg(argv, 'providers', 'cpu').split(',');
  const manifest = JSON.parse(readFileSync(join(packDir, 'manifest.json'), 'utf8'));
  const file = join(packDir, manifest.graphs[GRAPH_FILES[key]].file);
  const index = JSON.parse(readFileSync(join(torchDir, 'index.json'), 'utf8')).graphs[key];
  const t0 = performance.now();
  // The inference host's options (src-main/inference/models/svd/runner.ts): only the providers.
  const session = await ort.InferenceSession.create(file, { executionProviders: providers });
  const loadSeconds = (performance.now() - t0) / 1000;
  const afterLoad = peakRssMB();
  const feeds = {};
  for (const [name, rec] of Object.entries(index.inputs)) {
    const t = readF32(torchDir, rec);
    feeds[name] = new ort.Tensor('float32', t.data, t.dims);
  }
  const t1 = performance.now();
  const out = (await session.run(feeds))[session.outputNames[0]];
  const runSeconds = (performance.now() - t1) / 1000;
  const want = readF32(torchDir, index.output);
  let maxDiff = 0;
  let maxAbs = 0;
  let sqDiff = 0;
  let sq = 0;
  for (let i = 0; i < want.data.length; i++) {
    const d = out.data[i] - want.data[i];
    maxDiff = Math.max(maxDiff, Math.abs(d));
    maxAbs = Math.max(maxAbs, Math.abs(want.data[i]));
    sqDiff += d * d;
    sq += want.data[i] * want.data[i];
  }
  const tolerance = Number(arg(argv, 'tolerance', '1e-3'));
  const sameShape = out.dims.join() === want.dims.join();
  await session.release();
  console.log(
    JSON.stringify({
      graph: key,
      providers,
      loadSeconds: +loadSeconds.toFixed(2),
      runSeconds: +runSeconds.toFixed(2),
      peakRssMB: peakRssMB(),
      peakRssAfterLoadMB: afterLoad,
      rssBeforeOrtMB: baseline,
      shape: out.dims,
      sameShape,
      maxAbsDiff: maxDiff,
      maxAbsTorch: maxAbs,
      relRms: +Math.sqrt(sqDiff / Math.max(sq, 1e-30)).toExponential(2),
      torchSeconds: index.seconds,
    }),
  );
  if (!sameShape || !(maxDiff <= tolerance * Math.max(1, maxAbs))) process.exitCode = 1;
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'install') await install(rest);
else if (cmd === 'graph') await graph(rest);
else {
  console.error('usage: fullsize_ort.mjs install|graph ... (see the header of this file)');
  process.exit(2);
}
