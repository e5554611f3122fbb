#!/usr/bin/env node
// npm run bench -- interactive [--sizes 512,4096,16384x4096] [--tiny] [--both] [--clicks N] [--models DIR]
// A size is N (N x N) or WxH; the default's last one is the largest image the studio opens (67.1 MP).
// Is the artist ever waiting behind the machine? Through the real services and inference host (as the
// browser host and Electron run them), per image size, in a fresh process each (so peak RSS is that run's):
//   - time to first mask: open the image, then at once segment:prepare + depth:estimate + a click (as the
//     renderer does on open); the click lands when the embedding exists
//   - click -> mask p50/p95 idle, then while automatic segments (reference settings) run beside it
//   - peak RSS (VmHWM) of the inference process and of main (this bench's child: services + vite loader)
// Models: full-size random-weight SAM2.1-tiny + Depth Anything V2 Small (tools/export/bench_models.py, as the
// seg/depth benches; same architecture and cost as the published weights), or --tiny for the test fixtures.
// Prints; asserts nothing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchModelDir, ensureBenchModels, pct, viteLoader } from '../export/common/benchModels.mjs';
import { arg } from './lib/args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const self = fileURLToPath(import.meta.url);
const hwmMb = (pid) => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
/** Busy p95 over idle p95: the goal is under 2x. */
const ratio = (m) =>
  m.idle.p95 > 0 && Number.isFinite(m.busy.p95) ? `${(m.busy.p95 / m.idle.p95).toFixed(2)}x` : 'n/a';

export async function run(argv = process.argv.slice(2)) {
  if (argv[0] === '--child') return child(JSON.parse(argv[1]));
  const sizes = arg(argv, 'sizes', '512,4096,16384x4096')
    .split(',')
    .map((s) => {
      const [w, h = w] = s.split('x').map(Number);
      return { w, h, label: `${w}x${h}` };
    });
  const clicks = Number(arg(argv, 'clicks', '20'));
  const cache = benchModelDir(root, argv);
  const sets = [];
  const full =
    !argv.includes('--tiny') &&
    ensureBenchModels(root, join(cache, 'sam2.1-tiny'), 'sam2', ['encoder.onnx', 'decoder.onnx']) &&
    ensureBenchModels(root, join(cache, 'da-v2-small'), 'depth', ['model.onnx']);
  if (full) sets.push(['full-size', join(cache, 'sam2.1-tiny'), join(cache, 'da-v2-small')]);
  if (!full || argv.includes('--tiny') || argv.includes('--both'))
    sets.push(['tiny', join(root, 'tests/fixtures/sam2'), join(root, 'tests/fixtures/depth')]);
  const work = mkdtempSync(join(tmpdir(), 'levitor-bench-interactive-'));
  try {
    const load = loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
    console.log(
      `interactive bench: sizes ${sizes.map((s) => s.label).join(', ')} px; ${clicks} clicks per phase; CPU provider; ` +
        `load average ${load} (${cpus().length} cores: times are only comparable on a quiet machine)`,
    );
    for (const [label, samDir, depthDir] of sets) {
      const models = join(work, `models-${label}`);
      const r = spawnSync(
        process.execPath,
        [self, '--child', JSON.stringify({ install: { models, samDir, depthDir } })],
        {
          stdio: 'inherit',
        },
      );
      if (r.status !== 0) throw new Error(`installing the ${label} models failed`);
      for (const size of sizes) {
        const c = spawnSync(
          process.execPath,
          [
            '--max-old-space-size=8192',
            self,
            '--child',
            JSON.stringify({
              models,
              w: size.w,
              h: size.h,
              clicks: size.w * size.h > 8192 * 8192 ? 3 : clicks,
              work,
            }),
          ],
          { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 },
        );
        const line = c.stdout.split('\n').find((l) => l.startsWith('{'));
        if (!line) {
          console.log(`${label} ${size.label} px: run failed (exit ${c.status}) ${c.stdout.slice(-400)}`);
          continue;
        }
        const m = JSON.parse(line);
        console.log(
          `${label} ${size.label}: open ${ms(m.openMs)}, first mask ${ms(m.firstMaskMs)} after opening ` +
            `(depth ready ${ms(m.depthMs)}); click p50/p95 idle ${ms(m.idle.p50)}/${ms(m.idle.p95)}, ` +
            `during automatic segments ${ms(m.busy.p50)}/${ms(m.busy.p95)} (p95 ${ratio(m)} idle; ${m.busy.n} clicks, ` +
            `${m.chunks}/${m.chunkTotal} reference batches done by then); peak RSS inference ${m.hostMb} MB, ` +
            `main ${m.mainMb} MB (idle main before the image ${m.mainBaseMb} MB); load now ${loadavg()[0].toFixed(1)}`,
        );
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function child(o) {
  const vite = await viteLoader(root);
  try {
    if (o.install) return await install(vite, o.install);
    const { startTinyStudio } = await vite.ssrLoadModule('/tests/support/installTinyModels.ts');
    const sharp = (await import('sharp')).default;
    const file = join(o.work, `noise-${o.w}x${o.h}.jpg`);
    // A noisy picture: decoding, hashing and resizing cost what a photo's would.
    await sharp({
      create: {
        width: o.w,
        height: o.h,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
      limitInputPixels: false,
    })
      .jpeg({ quality: 85 })
      .toFile(file);
    const studio = await startTinyStudio(o.models);
    try {
      await studio.inference.ready();
      const mainBaseMb = Math.round(process.memoryUsage().rss / 2 ** 20);
      const t0 = performance.now();
      const img = await studio.call('image:openPath', { handle: studio.grant(file, 'open-image') });
      const openMs = performance.now() - t0;
      const id = img.imageId;
      const click = (i) =>
        studio.call('segment:click', {
          imageId: id,
          points: [{ x: (((i * 37) % 90) / 100) * o.w + 5, y: (((i * 53) % 90) / 100) * o.h + 5, label: 1 }],
          box: null,
          choice: 'reference',
        });
      const timed = async (i) => {
        const t = performance.now();
        await click(i);
        return performance.now() - t;
      };
      studio.call('segment:prepare', { imageId: id }).catch(() => undefined);
      const depth = studio.call('depth:estimate', { imageId: id }).then(() => performance.now() - t0);
      await click(0);
      const firstMaskMs = performance.now() - t0;
      const depthMs = await depth;
      const idle = [];
      for (let i = 1; i <= o.clicks; i++) idle.push(await timed(i));
      const { jobId } = await studio.call('segment:auto', { imageId: id });
      const progress = () =>
        studio.events.filter((e) => e.channel === 'inference:progress' && e.payload.jobId === jobId).at(-1)
          ?.payload;
      while (!progress()) await new Promise((r) => setTimeout(r, 10));
      const busy = [];
      for (let i = 1; i <= o.clicks; i++) {
        const p = progress();
        if (p && p.done >= p.total) break;
        busy.push(await timed(100 + i));
      }
      const last = progress();
      await studio.call('jobs:cancel', { jobId });
      const out = {
        openMs,
        firstMaskMs,
        depthMs,
        idle: { p50: pct(idle, 50), p95: pct(idle, 95), n: idle.length },
        busy: { p50: pct(busy, 50), p95: pct(busy, 95), n: busy.length },
        chunks: last?.done ?? 0,
        chunkTotal: last?.total ?? 0,
        hostMb: hwmMb(studio.inference.pid),
        mainMb: hwmMb(process.pid),
        mainBaseMb,
      };
      console.log(JSON.stringify(out));
    } finally {
      await studio.dispose();
    }
  } finally {
    await vite.close();
  }
}

async function install(vite, { models, samDir, depthDir }) {
  const { ModelService } = await vite.ssrLoadModule('/src-main/services/models/service.ts');
  const stage = mkdtempSync(join(tmpdir(), 'levitor-bench-stage-'));
  try {
    const service = new ModelService({ modelsDir: models });
    const sam = join(stage, 'bench-sam2');
    const depth = join(stage, 'bench-depth');
    mkdirSync(sam);
    mkdirSync(depth);
    for (const f of ['encoder.onnx', 'decoder.onnx']) copyFileSync(join(samDir, f), join(sam, f));
    copyFileSync(join(depthDir, 'model.onnx'), join(depth, 'model.onnx'));
    for (const [dir, id, role] of [
      [sam, 'bench-sam2', 'segmentation'],
      [depth, 'bench-depth', 'depth'],
    ]) {
      const m = await service.install({ source: dir, id, name: id, replace: true });
      await service.setDefault(role, m.manifest.id);
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
