#!/usr/bin/env node
// npm run bench -- triton-server [--steps N] [--runs N]   (needs LEVITOR_TRITON_VENV, see docs/triton.md)
// The server side of remote rendering on the tiny pack: a real tritonserver (nvidia-pytriton, CPU) serving
// `levitor models triton-repo --graphs python`, one levitor_generate take per run timed from the client's
// progress stream (time to the first progress response, per denoising step, whole take), beside the local
// TypeScript pipeline's per-step time on the same inputs (onnxruntime-node, CPU). Prints figures only.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { viteLoader } from '../export/common/benchModels.mjs';
import { arg, median } from './lib/args.mjs';
import { haveTritonVenv, loadSvdPipeline } from './lib/svd.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function run(argv = process.argv.slice(2)) {
  if (!haveTritonVenv()) return;
  const steps = Number(arg(argv, 'steps', '25'));
  const runs = Number(arg(argv, 'runs', '3'));
  const vite = await viteLoader(root);
  const tmp = await mkdtemp(join(tmpdir(), 'levitor-bench-triton-'));
  let server;
  try {
    const load = (p) => vite.ssrLoadModule(p);
    const { loadSvdPack, SvdSessions, generateSvd, svdParamsSchema } = await loadSvdPipeline(vite);
    const { writeTritonRepo } = await load('/src-main/services/triton/index.ts');
    const { startTriton, tritonPython } = await load('/tests/support/tritonServer.ts');
    const { loadSvdGoldens, SVD_TINY_PACK } = await load('/tests/golden/svdGoldens.ts');
    const pack = loadSvdPack(SVD_TINY_PACK);
    const m = pack.manifest;
    const g = loadSvdGoldens();
    const input = {
      image01: g.get('image'),
      control: g.get('control'),
      augNoise: g.get('aug_noise'),
      initNoise: g.get('init_noise'),
    };
    const params = svdParamsSchema.parse({ seed: 1, steps });

    // Local: per-step time from the progress events (run 0 warms the sessions up).
    // per-job: the runs after run 0 time warm sessions, as a server keeps them
    const sessions = await SvdSessions.open(pack, ['cpu'], { memory: 'per-job' });
    const local = [];
    try {
      for (let r = 0; r <= runs; r++) {
        const t = [];
        await generateSvd(sessions, m, input, params, {
          onProgress: (p) => p.phase === 'denoise' && t.push(performance.now()),
        });
        if (r > 0) local.push((t.at(-1) - t[0]) / (t.length - 1));
      }
    } finally {
      await sessions.release();
    }

    const repo = await writeTritonRepo({
      packDir: SVD_TINY_PACK,
      outDir: join(tmp, 'repo'),
      graphs: 'python',
    });
    const t0 = performance.now();
    server = await startTriton(repo.outDir, { timeoutMs: 120_000 });
    const startS = (performance.now() - t0) / 1000;
    const F = m.frames;
    const { width: W, height: H } = m.resolution;
    const { width: w, height: h } = m.latent;
    const spec = { params, pack_sha256: repo.packSha256 };
    const shapes = {
      image01: [3, H, W],
      control: [F, 3, H, W],
      augNoise: [1, 3, H, W],
      initNoise: [1, F, 4, h, w],
    };
    const names = { image01: 'image', control: 'control', augNoise: 'aug_noise', initNoise: 'init_noise' };
    for (const [k, a] of Object.entries(input)) {
      await writeFile(join(tmp, `${k}.f32`), Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      spec[names[k]] = { file: `${k}.f32`, shape: shapes[k] };
    }
    await writeFile(join(tmp, 'request.json'), JSON.stringify(spec));
    const client = join(root, 'tools/triton/generate_client.py');
    const url = server.url.replace('grpc://', '');
    const remote = [];
    for (let r = 0; r <= runs; r++) {
      const args = [
        client,
        '--url',
        url,
        '--request',
        join(tmp, 'request.json'),
        '--out',
        join(tmp, 'f.f32'),
      ];
      const { stdout } = await promisify(execFile)(tritonPython(), args, { timeout: 600_000 });
      const ev = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const den = ev.filter((e) => e.phase === 'denoise').map((e) => e.t);
      if (r > 0)
        remote.push({ first: ev[0].t, step: (den.at(-1) - den[0]) / (den.length - 1), total: ev.at(-1).t });
    }
    const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
    console.log(
      `triton-server bench: tiny pack (${W}x${H}x${F}), ${steps} steps x ${runs} runs (after a warm-up)`,
    );
    console.log(`  server start (5 models, Python backend, CPU): ${startS.toFixed(1)} s`);
    console.log(`  local TypeScript pipeline, per step (median): ${median(local).toFixed(1)} ms`);
    console.log(
      `  levitor_generate on tritonserver, per step (median): ${ms(median(remote.map((x) => x.step)))}; ` +
        `first progress after ${ms(median(remote.map((x) => x.first)))}; whole take ${ms(median(remote.map((x) => x.total)))}`,
    );
  } finally {
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
    await vite.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await run();
