#!/usr/bin/env node
// npm run bench -- remote [--steps N] [--runs N]   (needs LEVITOR_TRITON_VENV, see docs/triton.md)
// The client side of remote rendering (src-main/services/remote) on loopback against a real tritonserver:
//  1. the tiny pack's repository (levitor models triton-repo --graphs python): the local TypeScript
//     pipeline's time per step beside the remote take as the studio's client sees it (time to the first
//     progress event, per step), and the client's own CPU time per step (encoding, decoding, progress);
//  2. the full 288x512x16 tensor shapes through a stand-in levitor_generate of the same inputs/outputs and
//     trivial numbers (no full-size pack can be made cheaply here): bytes sent and received per take, the
//     client's CPU time per take, time to the first progress event.
// Prints figures only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { viteLoader } from '../export/common/benchModels.mjs';
import { arg, median } from './lib/args.mjs';
import { haveTritonVenv, loadSvdPipeline } from './lib/svd.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cpuMs = (c) => (c.user + c.system) / 1000;
const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;

/** One remote take through the studio's client, measured from the client's side. */
async function remoteTake(generateRemote, client, input) {
  let received = 0;
  let first = null;
  const den = [];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await generateRemote(client, input, {
    onResponse: (bytes) => (received += bytes),
    onProgress: (p) => {
      const t = performance.now() - t0;
      first ??= t;
      if (p.phase === 'denoise') den.push(t);
    },
  });
  const cpu = cpuMs(process.cpuUsage(c0));
  const step = den.length > 1 ? (den.at(-1) - den[0]) / (den.length - 1) : NaN;
  return { sent: r.bytesSent, received, first, step, total: performance.now() - t0, cpu };
}

export async function run(argv = process.argv.slice(2)) {
  if (!haveTritonVenv()) return;
  const steps = Number(arg(argv, 'steps', '10'));
  const runs = Number(arg(argv, 'runs', '3'));
  const vite = await viteLoader(root);
  const tmp = await mkdtemp(join(tmpdir(), 'levitor-bench-remote-'));
  let server;
  try {
    const load = (p) => vite.ssrLoadModule(p);
    const { loadSvdPack, SvdSessions, generateSvd, svdParamsSchema } = await loadSvdPipeline(vite);
    const { packIdentity } = await load('/src-main/inference/models/svd/identity.ts');
    const { writeTritonRepo } = await load('/src-main/services/triton/index.ts');
    const { generateRemote } = await load('/src-main/services/remote/svdRemote.ts');
    const { TritonClient } = await load('/src-main/services/remote/tritonClient.ts');
    const { startTriton } = await load('/tests/support/tritonServer.ts');
    const { writeToyRepo } = await load('/tests/support/tritonToyRepo.ts');
    const { loadSvdGoldens, SVD_TINY_PACK } = await load('/tests/golden/svdGoldens.ts');
    const pack = loadSvdPack(SVD_TINY_PACK);
    const g = loadSvdGoldens();
    const identity = await packIdentity(SVD_TINY_PACK);
    const params = svdParamsSchema.parse({ seed: 1, steps });
    const tiny = {
      manifest: pack.manifest,
      packSha256: identity,
      image01: g.get('image'),
      control: g.get('control'),
      params,
    };

    // 1. tiny pack: local per step (run 0 warms up), then the same take remotely.
    // per-job: the runs after run 0 time warm sessions, as a server keeps them
    const sessions = await SvdSessions.open(pack, ['cpu'], { memory: 'per-job' });
    const local = [];
    try {
      for (let r = 0; r <= runs; r++) {
        const t = [];
        await generateSvd(sessions, pack.manifest, tiny, params, {
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
    server = await startTriton(repo.outDir, { timeoutMs: 120_000 });
    let client = new TritonClient({ url: server.url, headers: {} });
    const rt = [];
    for (let r = 0; r <= runs; r++) {
      const x = await remoteTake(generateRemote, client, tiny);
      if (r > 0) rt.push(x);
    }
    client.close();
    await server.stop();
    server = undefined;
    const { width: W, height: H } = pack.manifest.resolution;
    const F = pack.manifest.frames;
    console.log(`remote bench (loopback, studio client): ${steps} steps x ${runs} runs after a warm-up`);
    console.log(`  tiny pack ${W}x${H}x${F}, levitor_generate (--graphs python, CPU):`);
    console.log(`    local TypeScript pipeline per step (median): ${median(local).toFixed(1)} ms`);
    console.log(
      `    remote per step as the client sees it: ${median(rt.map((x) => x.step)).toFixed(1)} ms; ` +
        `first progress after ${median(rt.map((x) => x.first)).toFixed(1)} ms; whole take ${median(rt.map((x) => x.total)).toFixed(0)} ms`,
    );
    console.log(
      `    client CPU per take ${median(rt.map((x) => x.cpu)).toFixed(1)} ms (${(median(rt.map((x) => x.cpu)) / steps).toFixed(2)} ms per step); ` +
        `sent ${mb(rt[0].sent)}, received ${mb(rt[0].received)} per take`,
    );

    // 2. full 288x512x16 shapes through the stand-in model (no per-step sleep: transport costs only).
    const full = { resolution: { width: 512, height: 288 }, latent: { width: 64, height: 36 }, frames: 16 };
    writeToyRepo(join(tmp, 'toy'), identity, { stepMs: 0 });
    server = await startTriton(join(tmp, 'toy'), { timeoutMs: 120_000 });
    client = new TritonClient({ url: server.url, headers: {} });
    const n = 3 * full.resolution.height * full.resolution.width;
    const big = {
      manifest: { ...pack.manifest, ...full },
      packSha256: identity,
      image01: new Float32Array(n).fill(0.5),
      control: new Float32Array(full.frames * n).fill(0.25),
      params: svdParamsSchema.parse({ seed: 1, steps, frames: full.frames }),
    };
    const ft = [];
    for (let r = 0; r <= runs; r++) {
      const x = await remoteTake(generateRemote, client, big);
      if (r > 0) ft.push(x);
    }
    client.close();
    console.log(`  full shapes 512x288x16 (stand-in levitor_generate, same I/O, trivial numbers):`);
    console.log(
      `    sent ${mb(ft[0].sent)}, received ${mb(ft[0].received)} per take; client CPU per take ` +
        `${median(ft.map((x) => x.cpu)).toFixed(1)} ms; first progress after ${median(ft.map((x) => x.first)).toFixed(1)} ms; ` +
        `whole take ${median(ft.map((x) => x.total)).toFixed(0)} ms`,
    );
  } finally {
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
    await vite.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await run();
