#!/usr/bin/env node
// npm run bench -- control [--scene DIR/scene.json] [--runs N] [--py-runs N] [--no-python]
// Times the TypeScript control engine (computeControl, scene already loaded, no file writing) on the
// issue's benchmark scene (16 frames, 288x512, 3 moving objects + 30 automatic segments) and, in the same
// run, the Python reference (tools/reference, NumPy/SciPy/scikit-learn/OpenCV) on the same scene with the
// same scope (`--time N`: scene loaded, files not written). Prints medians and the ratio; asserts nothing.
// The TS sources are bundled on the fly with esbuild (a dependency of vite, already installed) so the engine
// runs as plain ESM, as in the app.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from './lib/engine.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function arg(argv, name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function pythonMedian(scenePath, runs) {
  const py = join(root, 'tools', '.venv-reference', 'bin', 'python');
  if (!existsSync(py)) return { error: 'tools/.venv-reference missing (bash tools/reference/setup.sh)' };
  const out = mkdtempSync(join(tmpdir(), 'levitor-bench-'));
  try {
    const r = spawnSync(
      py,
      ['-m', 'tools.reference.levitor_control', '--scene', scenePath, '--out', out, '--time', String(runs)],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
      },
    );
    if (r.status !== 0) return { error: `python exited ${r.status}: ${(r.stderr || '').slice(-400)}` };
    const last = r.stdout.trim().split('\n').pop() ?? '';
    return { medianMs: JSON.parse(last).median_s * 1000 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function run(argv = process.argv.slice(2)) {
  const scenePath = resolve(arg(argv, 'scene', join(root, 'tests/fixtures/control/bench-3x30/scene.json')));
  const runs = Number(arg(argv, 'runs', '21'));
  const pyRuns = Number(arg(argv, 'py-runs', '3'));
  const { computeControl, loadScene } = await loadEngine();
  const { scene } = await loadScene(scenePath);
  const movers = scene.objects.filter((o) => o.kind === 'moving').length;
  console.log(
    `scene ${scenePath}\n  ${scene.frames} frames ${scene.width}x${scene.height}, ${movers} moving, ` +
      `${scene.objects.length - movers} static user, ${scene.autoMasks.length} automatic segments`,
  );
  for (let i = 0; i < 3; i++) computeControl(scene); // warm-up (JIT)
  const times = [];
  const cpu = [];
  const phases = {};
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = computeControl(scene);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    for (const [k, v] of Object.entries(r.timings)) (phases[k] ??= []).push(v);
  }
  const ts = median(times);
  console.log(
    `TypeScript (node ${process.versions.node}): median ${ts.toFixed(1)} ms over ${runs} runs ` +
      `(min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
  );
  // CPU time of this process (all its threads, GC included): less sensitive to other processes on a shared box
  console.log(
    `  CPU time median ${median(cpu).toFixed(1)} ms; load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} on ${os.cpus().length} CPUs`,
  );
  console.log(
    `  by phase, median (ms): ${Object.entries(phases)
      .map(([k, v]) => `${k} ${median(v).toFixed(1)}`)
      .join(', ')}`,
  );
  // the live-preview path: the worker hands the previous result's buffers back (no 40 MB allocation per run)
  const reused = [];
  let prev = computeControl(scene);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    prev = computeControl(scene, { reuse: prev });
    reused.push(performance.now() - t0);
  }
  console.log(`  reusing output buffers (live preview): median ${median(reused).toFixed(1)} ms`);
  if (argv.includes('--no-python')) return;
  const py = pythonMedian(scenePath, pyRuns);
  if (py.error) {
    console.log(`Python reference: unavailable (${py.error})`);
    return;
  }
  console.log(`Python reference (tools/reference, --time ${pyRuns}): median ${py.medianMs.toFixed(1)} ms`);
  console.log(`ratio: TypeScript is ${(py.medianMs / ts).toFixed(1)}x faster (target: >= 10x, < 50 ms)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run();
}
