#!/usr/bin/env node
// The studio side of the full-size check (tools/export/svd/fullsize_check.sh drives it):
//   node tools/export/svd/fullsize_ort.mjs install --from DIR --models-dir DIR [--size WxH] [--frames N] [--precision P]
//     installs levitor-svd-xt through the CLI's own code (`levitor models install ... --from DIR`) and prints
//     one JSON line: seconds, the pack folder; with --template DIR (tiny fixture checkpoints, whose template
//     the app does not ship) it calls the function that command ends in, installVideoFromDir, directly;
//   node tools/export/svd/fullsize_ort.mjs graph --pack DIR --graph KEY --torch DIR [--providers cpu] [--tolerance R]
//       [--session JSON] [--runs N] [--verbose]  (--verbose 2>LOG; then: fullsize_ort.mjs breakdown LOG)
//     one graph per process (so its peak RSS is its own), opened with the studio's session options for that
//     graph (svdSessionOptions) with --session's JSON merged over them (e.g. '{"graphOptimizationLevel":"basic"}'):
//     load time, one run (or N, each timed) on the PyTorch side's inputs, the last one compared:
//     max abs diff against its output (fails past R x max(1, max |y|), default 1e-3) and the RMS of the
//     difference relative to the output's RMS; one JSON line. --random [--save FILE] [--reference FILE]
//     instead of --torch: seeded random inputs (a pack of a size PyTorch was not run at), the output saved
//     to or compared with another run's (see referenceSide).
import { readFileSync, writeFileSync } from 'node:fs';
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

// CPU seconds of the whole process (user + system, all threads): less sensitive than wall time to the
// load other jobs put on a shared machine.
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
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

// The inputs and the expected output: PyTorch's (--torch DIR), or seeded random inputs of the pack's shapes
// (--random: a pack of another size, which has no PyTorch output) against --reference FILE, the output
// another run saved with --save FILE (two session options compared on the same inputs), or nothing.
function referenceSide(argv, key, shapes) {
  const torch = arg(argv, 'torch');
  if (torch !== undefined) {
    const index = JSON.parse(readFileSync(join(resolve(torch), 'index.json'), 'utf8')).graphs[key];
    const inputs = {};
    for (const [name, rec] of Object.entries(index.inputs)) inputs[name] = readF32(resolve(torch), rec);
    return { name: 'torch', inputs, output: readF32(resolve(torch), index.output), seconds: index.seconds };
  }
  if (!argv.includes('--random')) throw new Error('graph: give --torch DIR or --random');
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 31 - 1;
  // a denoiser's scalars and time ids at values a generation uses (6 fps, motion bucket 127, noise 0.02)
  const fixed = { timestep: () => 0.5, conditioning_scale: () => 1 };
  const timeIds = [6, 127, 0.02];
  const inputs = {};
  for (const [name, dims] of Object.entries(shapes)) {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++)
      data[i] = name === 'added_time_ids' ? timeIds[i % 3] : (fixed[name] ?? next)();
    inputs[name] = { data, dims };
  }
  const ref = arg(argv, 'reference');
  if (ref === undefined) return { name: 'none', inputs };
  const saved = JSON.parse(readFileSync(resolve(ref), 'utf8'));
  return { name: ref, inputs, output: { data: Float32Array.from(saved.data), dims: saved.dims } };
}

// The studio's options for this graph (src-main/inference/models/svd/sessionOptions.ts), then --session
// JSON merged over them (the load-time measurements of the README try optimisation levels with it).
async function sessionOptions(argv, ort, key, providers) {
  const vite = await viteLoader(root);
  let studio;
  try {
    const { svdSessionOptions } = await vite.ssrLoadModule(
      '/src-main/inference/models/svd/sessionOptions.ts',
    );
    studio = svdSessionOptions(GRAPH_FILES[key], providers);
  } finally {
    await vite.close();
  }
  const options = { ...studio, ...JSON.parse(arg(argv, 'session', '{}')) };
  if (argv.includes('--verbose')) {
    // onnxruntime's own log on stderr, time-stamped: the time between a graph transformer's lines is what
    // it cost (the README's breakdown of the load time)
    ort.env.logLevel = 'verbose';
    options.logSeverityLevel = 0;
  }
  return options;
}

// --runs N: the first run pays what a session defers to it (page faults of mapped weights, arena growth);
// the later ones are what each further denoising step costs.
async function timedRuns(session, feeds, runs) {
  const runsSeconds = [];
  const runsCpuSeconds = [];
  let out;
  for (let r = 0; r < Math.max(1, runs); r++) {
    const t1 = performance.now();
    const c1 = cpuSeconds();
    out = (await session.run(feeds))[session.outputNames[0]];
    runsSeconds.push(+((performance.now() - t1) / 1000).toFixed(2));
    runsCpuSeconds.push(+(cpuSeconds() - c1).toFixed(2));
  }
  return { out, runsSeconds, runsCpuSeconds };
}

// Max abs difference, max |want| and the RMS of the difference relative to want's RMS.
function compare(out, want) {
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
  const sameShape = out.dims.join() === want.dims.join();
  return { sameShape, maxDiff, maxAbs, relRms: +Math.sqrt(sqDiff / Math.max(sq, 1e-30)).toExponential(2) };
}

async function graph(argv) {
  const baseline = peakRssMB();
  const ort = await import('onnxruntime-node');
  const packDir = resolve(arg(argv, 'pack'));
  const key = arg(argv, 'graph');
  const providers = arg(argv, 'providers', 'cpu').split(',');
  const manifest = JSON.parse(readFileSync(join(packDir, 'manifest.json'), 'utf8'));
  const file = join(packDir, manifest.graphs[GRAPH_FILES[key]].file);
  const side = referenceSide(argv, key, manifest.graphs[GRAPH_FILES[key]].inputs);
  const options = await sessionOptions(argv, ort, key, providers);
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const session = await ort.InferenceSession.create(file, options);
  const loadSeconds = (performance.now() - t0) / 1000;
  const loadCpuSeconds = cpuSeconds() - c0;
  const afterLoad = peakRssMB();
  const feeds = {};
  for (const [name, t] of Object.entries(side.inputs))
    feeds[name] = new ort.Tensor('float32', t.data, t.dims);
  const { out, runsSeconds, runsCpuSeconds } = await timedRuns(
    session,
    feeds,
    Number(arg(argv, 'runs', '1')),
  );
  const save = arg(argv, 'save');
  if (save !== undefined) writeFileSync(save, JSON.stringify({ dims: out.dims, data: Array.from(out.data) }));
  const c = compare(out, side.output ?? { data: out.data, dims: out.dims });
  const tolerance = Number(arg(argv, 'tolerance', '1e-3'));
  await session.release();
  console.log(
    JSON.stringify({
      graph: key,
      providers,
      options,
      loadSeconds: +loadSeconds.toFixed(2),
      loadCpuSeconds: +loadCpuSeconds.toFixed(2),
      runSeconds: runsSeconds[0],
      runsSeconds,
      runsCpuSeconds,
      peakRssMB: peakRssMB(),
      peakRssAfterLoadMB: afterLoad,
      rssBeforeOrtMB: baseline,
      shape: out.dims,
      sameShape: c.sameShape,
      maxAbsDiff: c.maxDiff,
      maxAbsTorch: c.maxAbs,
      relRms: c.relRms,
      reference: side.name,
      torchSeconds: side.seconds,
    }),
  );
  if (!c.sameShape || !(c.maxDiff <= tolerance * Math.max(1, c.maxAbs))) process.exitCode = 1;
}

// Seconds between onnxruntime's time-stamped log lines, charged to what each line reports as finished: a
// graph transformer (its 'GraphTransformer X modified' line comes when it returns; summed over its runs),
// the model load before 'Initializing session', the placement and planning before the initializers are
// saved, the saving (weights read, pre-packed), and the rest up to 'Session successfully initialized'.
function breakdown(argv) {
  const marks = [
    [/Initializing session/, 'model load (parse, external data)'],
    [/GraphTransformer (\S+) modified/, null],
    [/Saving initialized tensors/, 'placement, planning'],
    [/Done saving initialized tensors/, 'initializers saved (read, pre-packed)'],
    [/Session successfully initialized/, 'session state, kernels'],
  ];
  const seconds = {};
  let last;
  for (const line of readFileSync(resolve(argv[0]), 'utf8').split('\n')) {
    const ts = /^\d{4}-\d\d-\d\d (\d\d):(\d\d):([\d.]+) /.exec(line);
    if (!ts) continue;
    const t = Number(ts[1]) * 3600 + Number(ts[2]) * 60 + Number(ts[3]);
    if (line.includes('TraceSessionOptions')) last = t;
    for (const [re, label] of marks) {
      const m = re.exec(line);
      if (!m || last === undefined) continue;
      const name = label ?? m[1];
      seconds[name] = (seconds[name] ?? 0) + (t - last);
      last = t;
    }
  }
  const sorted = Object.entries(seconds).sort((a, b) => b[1] - a[1]);
  console.log(JSON.stringify(Object.fromEntries(sorted.map(([k, v]) => [k, +v.toFixed(2)]))));
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'install') await install(rest);
else if (cmd === 'graph') await graph(rest);
else if (cmd === 'breakdown') breakdown(rest);
else {
  console.error('usage: fullsize_ort.mjs install|graph ... (see the header of this file)');
  process.exit(2);
}
