#!/usr/bin/env node
// npm run bench -- preview [--edits N] [--seconds S] [--skip-latency] [--skip-canvas]
//   [--canvas-mode points|animatic|off]  (the overlay shown during (b); default points)
//   [--profile]  (b) also prints per-Konva-layer draw counts/times and the top CPU self time (lib/canvasProfile)
//   [--trace]  (b) instead prints self time per thread and trace event (native paint/raster/compositing)
//   [--settle S]  (b) waits S seconds after building the scene (lets the autosave push it starts finish)
//   [--cpu-throttle N]  (b) runs the parts with the page's CPU throttled N times (CDP Emulation)
// The live control preview and the canvas in Debian's Chromium (playwright-core, the e2e tests' flags)
// against the real browser host (built renderer: run `npm run build` first). Prints figures, asserts nothing.
//  (a) edit -> preview result latency (debounce + scene build + worker compute + transfer) for the control
//      bench scene (tests/fixtures/control/bench-3x30: 288x512, 16 frames, 3 moving objects, 30 automatic
//      segments), one trajectory point moved per edit; points mode and animatic mode. Target < 100 ms.
//  (b) frame times from requestAnimationFrame timestamps inside the page while panning (Space + drag),
//      zooming (wheel) and dragging a trajectory point on a 4096x4096 image with 6 objects (masks,
//      trajectories, depth) and the preview overlay. The point drag moves the point through the document
//      (as the trajectory tool does, one update per pointer move) so every layer and the worker react.
/* global window, requestAnimationFrame -- page.evaluate callbacks run in the page */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { profiled, traced } from './lib/canvasProfile.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = process.env.LEVITOR_CHROMIUM ?? '/usr/bin/chromium';

const arg = (argv, name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const fmt = (x) => x.toFixed(1);

async function startHost() {
  const entry = join(root, 'out/main/browserHost.js');
  if (!existsSync(entry) || !existsSync(join(root, 'out/renderer/index.html')))
    throw new Error('out/ is missing: run `npm run build` first');
  // Its own settings/models folder: a fresh studio every time, never the developer's (nor its recents).
  const home = mkdtempSync(join(tmpdir(), 'levitor-bench-host-'));
  const env = { ...process.env, LEVITOR_MODELS_DIR: join(home, 'models') };
  const child = spawn(process.execPath, [entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL from the browser host:\n${output}`)), 60_000);
    const onData = (d) => {
      output += d.toString();
      const m = /(http:\/\/(?:127\.0\.0\.1|localhost):\d+\/\S*token=[\w-]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`browser host exited ${code}:\n${output}`)));
  });
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(home, { recursive: true, force: true });
    },
  };
}

async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'levitor-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function openImage(page, path, width) {
  // Pressed again if the first press was lost (seen on a loaded machine, as in the e2e tests' openFile).
  for (let attempt = 0; ; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
    await page.keyboard.press('Control+O');
    const c = await chooser.catch((e) => (attempt < 2 ? null : Promise.reject(e)));
    if (c) {
      await c.setFiles(path);
      break;
    }
  }
  await page.waitForFunction(
    (w) => window.__studioPreview?.studio.getState().document.image?.width === w,
    width,
    { timeout: 60_000 },
  );
}

async function setMode(page, label) {
  // through the store: notices from the session may cover the toolbar, and the bench measures the preview
  await page.evaluate((m) => window.__studioPreview.preview.getState().setMode(m), label.toLowerCase());
}

async function waitForResult(page, after) {
  await page.waitForFunction(
    (n) => {
      const p = window.__studioPreview.preview.getState();
      return p.results > n && p.status !== 'computing';
    },
    after,
    { timeout: 60_000 },
  );
}

async function loadBenchScene() {
  const outDir = join(root, 'node_modules', '.cache', 'levitor-bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'preview-engine.mjs');
  await build({
    stdin: {
      contents: `export { computeControl } from './src-shared/control/index.ts';
export { loadScene } from './src-main/services/scene/loadScene.ts';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['sharp', 'zod'],
    outfile,
    logLevel: 'warning',
  });
  const { computeControl, loadScene } = await import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
  const { scene } = await loadScene(join(root, 'tests/fixtures/control/bench-3x30/scene.json'));
  const z0 = Float32Array.from(computeControl(scene, { frames: 1 }).z0); // the engine's Z0 of the disparity
  return { scene, z0 };
}

const b64 = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** (a) edit -> result latency on the control bench scene. */
async function latency(page, work, edits) {
  const { scene, z0 } = await loadBenchScene();
  const { width: W, height: H } = scene;
  // the picture does not matter to the engine; a gradient keeps the animatic honest about image reads
  const raw = Buffer.alloc(W * H * 3);
  for (let p = 0; p < W * H; p++) raw.set([(p % W) % 256, Math.floor(p / W) % 256, 128], p * 3);
  const png = join(work, 'bench-288x512.png');
  await sharp(raw, { raw: { width: W, height: H, channels: 3 } })
    .png()
    .toFile(png);
  await openImage(page, png, W);
  await setMode(page, 'Points');
  const payload = {
    W,
    H,
    frames: scene.frames,
    z0: b64(z0),
    objects: scene.objects.map((o, i) => ({
      id: `bench-${i}`,
      kind: o.kind,
      mask: b64(o.mask),
      trajectory: o.trajectory ?? null,
    })),
    autoMasks: scene.autoMasks.map(b64),
  };
  const n0 = await page.evaluate(() => window.__studioPreview.preview.getState().results);
  await page.evaluate((p) => {
    const dec = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    const hook = window.__studioPreview;
    const s = hook.studio.getState();
    const img = s.document.image;
    const z0 = new Float32Array(dec(p.z0).buffer);
    s.setAutoSegments(
      p.autoMasks.map((m) => ({ mask: { width: p.W, height: p.H, data: dec(m) }, area: 1, iou: 1 })),
    );
    s.setDepth({ imageId: img.imageId, width: p.W, height: p.H, z0, disparity: z0 });
    s.updateDocument((d) => ({
      ...d,
      settings: { ...d.settings, resolution: `${p.W}x${p.H}`, frames: p.frames },
      objects: p.objects.map((o, i) => ({
        id: o.id,
        name: o.id,
        colour: ['#f0616d', '#5b9dff', '#4cc38a', '#e7b04b'][i % 4],
        kind: o.kind,
        visible: true,
        locked: false,
        prompts: { points: [], box: null },
        trajectory: o.trajectory ? { points: o.trajectory, timing: 'uniform', easing: [] } : null,
      })),
      masks: Object.fromEntries(p.objects.map((o) => [o.id, { width: p.W, height: p.H, data: dec(o.mask) }])),
    }));
  }, payload);
  await waitForResult(page, n0);
  const first = await page.evaluate(() => window.__studioPreview.preview.getState());
  if (first.status !== 'ready') throw new Error(`preview failed: ${first.message}`);
  for (const mode of ['Points', 'Animatic']) {
    let n = await page.evaluate(() => window.__studioPreview.preview.getState().results);
    if (mode === 'Animatic') {
      await setMode(page, mode);
      await waitForResult(page, n);
      // the image reaches the worker asynchronously: wait for a result that carries the animatic
      await page.waitForFunction(() => window.__studioPreview.preview.getState().result?.animatic !== null);
    }
    const lat = [];
    const work_ = [];
    for (let i = 0; i < edits; i++) {
      n = await page.evaluate(() => window.__studioPreview.preview.getState().results);
      await page.evaluate((k) => {
        const s = window.__studioPreview.studio.getState();
        s.updateDocument((d) => ({
          ...d,
          objects: d.objects.map((o, j) =>
            j === 0 && o.trajectory
              ? {
                  ...o,
                  trajectory: {
                    ...o.trajectory,
                    points: o.trajectory.points.map((pt, q) =>
                      q === o.trajectory.points.length - 1 ? { ...pt, x: pt.x + (k % 2 ? -1 : 1) } : pt,
                    ),
                  },
                }
              : o,
          ),
        }));
      }, i);
      await waitForResult(page, n);
      const st = await page.evaluate(() => {
        const p = window.__studioPreview.preview.getState();
        return { ms: p.lastLatencyMs, timings: p.timings, status: p.status, message: p.message };
      });
      if (st.status !== 'ready') throw new Error(`preview failed: ${st.message}`);
      lat.push(st.ms);
      work_.push(Object.values(st.timings).reduce((a, b) => a + b, 0));
    }
    const t = await page.evaluate(() => window.__studioPreview.preview.getState().timings);
    console.log(
      `(a) ${mode.toLowerCase()}: edit -> result median ${fmt(quantile(lat, 0.5))} ms, p95 ${fmt(
        quantile(lat, 0.95),
      )} ms over ${edits} edits (includes the ${20} ms debounce); worker compute median ${fmt(
        quantile(work_, 0.5),
      )} ms`,
    );
    console.log(
      `    last worker phases (ms): ${Object.entries(t)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(', ')}`,
    );
  }
}

/** rAF deltas inside the page while `drive` runs. */
async function frameTimesOf(page, drive) {
  await page.evaluate(() => {
    const w = window;
    w.__benchFrames = [];
    w.__benchRun = true;
    let last;
    const tick = (t) => {
      if (last !== undefined) w.__benchFrames.push(t - last);
      last = t;
      if (w.__benchRun) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await drive();
  return page.evaluate(() => {
    window.__benchRun = false;
    return window.__benchFrames;
  });
}

function report(name, deltas) {
  const med = quantile(deltas, 0.5);
  const mean = deltas.reduce((a, b) => a + b, 0) / deltas.length;
  console.log(
    `(b) ${name}: ${deltas.length} frames, median ${fmt(med)} ms, p95 ${fmt(quantile(deltas, 0.95))} ms, ` +
      `max ${fmt(Math.max(...deltas))} ms, ${fmt(1000 / mean)} fps (mean), ` +
      // frames that missed a 60 Hz vsync (rAF deltas come in multiples of 16.7 ms)
      `${deltas.filter((d) => d > 20).length} over 20 ms`,
  );
}

/** (b) pan / zoom / point drag on a 4096x4096 image with 6 objects and their overlays. */
async function canvas(page, work, seconds, mode, profile = false, trace = false, settle = 0, throttle = 1) {
  const parts = ['pan', 'zoom', 'point drag'];
  const frameTimes = (pg, drive) => {
    const part = parts.shift();
    if (trace) return traced(pg, part, () => frameTimesOf(pg, drive));
    return profile ? profiled(pg, part, () => frameTimesOf(pg, drive)) : frameTimesOf(pg, drive);
  };
  const N = 4096;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${N}" height="${N}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#1d3b6e"/><stop offset="1" stop-color="#f6cf8e"/></linearGradient></defs>
    <rect width="${N}" height="${N}" fill="url(#g)"/>
    ${Array.from({ length: 6 }, (_, i) => `<circle cx="${600 + (i % 3) * 1400}" cy="${900 + Math.floor(i / 3) * 2000}" r="420" fill="hsl(${i * 60} 70% 55%)"/>`).join('')}
  </svg>`;
  const png = join(work, 'bench-4096.png');
  await sharp(Buffer.from(svg)).png({ compressionLevel: 1 }).toFile(png);
  await openImage(page, png, N);
  await setMode(page, 'Points'); // computed once either way (the point drag below recomputes it)
  const n0 = await page.evaluate(() => window.__studioPreview.preview.getState().results);
  await page.evaluate((n) => {
    const s = window.__studioPreview.studio.getState();
    const img = s.document.image;
    const masks = {};
    const objects = [];
    for (let i = 0; i < 6; i++) {
      const cx = 600 + (i % 3) * 1400;
      const cy = 900 + Math.floor(i / 3) * 2000;
      const data = new Uint8Array(n * n);
      for (let y = cy - 420; y < cy + 420; y++) {
        const half = Math.floor(Math.sqrt(Math.max(0, 420 * 420 - (y - cy) ** 2)));
        data.fill(255, y * n + cx - half, y * n + cx + half);
      }
      const id = `obj-${i}`;
      masks[id] = { width: n, height: n, data };
      objects.push({
        id,
        name: `Object ${i + 1}`,
        colour: ['#f0616d', '#5b9dff', '#4cc38a', '#e7b04b', '#b07cf0', '#40c4d8'][i],
        kind: 'moving',
        visible: true,
        locked: false,
        prompts: { points: [], box: null },
        trajectory: {
          points: [
            // constant depth: a move nearer widens the splat radius (r = 0.011 - dd, spec section 5) and
            // the engine's cost with it (seconds for six large objects), which is not what this part measures
            { x: cx, y: cy, depth: 0.5 },
            { x: cx + 300, y: cy + 200, depth: 0.5 },
            { x: cx + 500, y: cy - 100, depth: 0.5 },
          ],
          timing: 'uniform',
          easing: [],
        },
      });
    }
    const z0 = new Float32Array(1024 * 1024);
    for (let y = 0; y < 1024; y++) z0.fill(1 - (0.7 * y) / 1023, y * 1024, (y + 1) * 1024);
    s.setDepth({ imageId: img.imageId, width: 1024, height: 1024, z0, disparity: z0 });
    s.updateDocument((d) => ({ ...d, objects, masks }));
  }, N);
  await waitForResult(page, n0);
  if (mode !== 'points') await setMode(page, mode);
  console.log(`(b) preview overlay: ${mode}`);
  // The document edit above starts the project autosave push 2 s later (six 16-megapixel masks PNG-encoded
  // in a worker, the depth map base64-encoded on the main thread): --settle S waits it out first, so the
  // parts measure the canvas alone.
  if (settle > 0) await page.waitForTimeout(settle * 1000);
  // --cpu-throttle N: Chromium's CPU throttling (N times slower main thread), a slower machine on demand.
  if (throttle > 1) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    console.log(`(b) CPU throttled ${throttle}x`);
  }
  const box = await page.getByTestId('canvas').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const ms = seconds * 1000;

  report(
    'pan (Space + drag)',
    await frameTimes(page, async () => {
      await page.mouse.move(cx, cy);
      await page.keyboard.down('Space');
      await page.mouse.down();
      const t0 = Date.now();
      for (let i = 0; Date.now() - t0 < ms; i++) {
        await page.mouse.move(cx + 200 * Math.sin(i / 15), cy + 120 * Math.cos(i / 15));
      }
      await page.mouse.up();
      await page.keyboard.up('Space');
    }),
  );
  report(
    'zoom (wheel)',
    await frameTimes(page, async () => {
      await page.mouse.move(cx, cy);
      const t0 = Date.now();
      for (let i = 0; Date.now() - t0 < ms; i++) await page.mouse.wheel(0, i % 40 < 20 ? -60 : 60);
    }),
  );
  report(
    'drag a trajectory point (document update per move, preview recomputing)',
    await frameTimes(page, async () => {
      const t0 = Date.now();
      for (let i = 0; Date.now() - t0 < ms; i++) {
        await page.evaluate((k) => {
          const s = window.__studioPreview.studio.getState();
          s.updateDocument((d) => ({
            ...d,
            objects: d.objects.map((o, j) =>
              j === 0 && o.trajectory
                ? {
                    ...o,
                    trajectory: {
                      ...o.trajectory,
                      points: o.trajectory.points.map((pt, q) =>
                        q === 1
                          ? { ...pt, x: 900 + 200 * Math.sin(k / 10), y: 1100 + 150 * Math.cos(k / 10) }
                          : pt,
                      ),
                    },
                  }
                : o,
            ),
          }));
        }, i);
        await page.waitForTimeout(8);
      }
    }),
  );
  const p = await page.evaluate(() => window.__studioPreview.preview.getState());
  console.log(
    `    preview after the drag: ${p.status}, ${p.results} results, last latency ${fmt(p.lastLatencyMs ?? NaN)} ms`,
  );
}

export async function run(argv = process.argv.slice(2)) {
  const edits = Number(arg(argv, 'edits', '30'));
  const seconds = Number(arg(argv, 'seconds', '4'));
  const work = mkdtempSync(join(tmpdir(), 'levitor-bench-preview-'));
  const browser = await launch();
  // One host per part: the latency part leaves an edited project behind, which would make the next
  // image open ask about unsaved changes.
  const hosts = [];
  const page = async () => {
    const host = await startHost();
    hosts.push(host);
    const p = await browser.context.newPage();
    await p.goto(host.url);
    await p.getByTestId('canvas').waitFor(); // a first run opens the sample; the parts open their own image
    return p;
  };
  try {
    console.log(
      `Chromium ${browser.context.browser()?.version() ?? CHROMIUM}, node ${process.versions.node}, load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} on ${os.cpus().length} CPUs`,
    );
    if (!argv.includes('--skip-latency')) {
      const p = await page();
      await latency(p, work, edits);
      await p.close();
    }
    if (!argv.includes('--skip-canvas')) {
      const p = await page();
      await canvas(
        p,
        work,
        seconds,
        arg(argv, 'canvas-mode', 'points'),
        argv.includes('--profile'),
        argv.includes('--trace'),
        Number(arg(argv, 'settle', '0')),
        Number(arg(argv, 'cpu-throttle', '1')),
      );
      await p.close();
    }
  } finally {
    await browser.close();
    for (const h of hosts) h.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run();
}
