#!/usr/bin/env node
// npm run bench -- preview [--edits N] [--seconds S] [--skip-latency] [--skip-canvas]
//   [--canvas-mode points|animatic|off]  (the overlay shown during (b); default points)
//   [--profile]  (b) also prints per-Konva-layer draw counts/times and the top CPU self time (lib/canvasProfile)
//   [--trace]  (b) instead prints self time per thread and trace event (native paint/raster/compositing),
//     and every task of the page's main thread over 50 ms with what ran inside it
//   [--settle S]  (b) waits S seconds after building the scene (lets the autosave push it starts finish)
//   [--cpu-throttle N]  (b) runs the parts with the page's CPU throttled N times (CDP Emulation)
// The live control preview and the canvas in Debian's Chromium (playwright-core, the e2e tests' flags)
// against the real browser host (built renderer: run `npm run build` first). Prints figures, asserts nothing.
//  (a) edit -> preview result latency (scene build + worker compute + transfer) for the control
//      bench scene (tests/fixtures/control/bench-3x30: 288x512, 16 frames, 3 moving objects, 30 automatic
//      segments), one trajectory point moved per edit; points mode and animatic mode. Target < 100 ms.
//  (b) frame times from requestAnimationFrame timestamps inside the page while panning (Space + drag),
//      zooming (wheel) and dragging a trajectory point on a 4096x4096 image with 6 objects (masks,
//      trajectories, depth) and the preview overlay. The point drag moves the point through the document
//      (as the trajectory tool does, one update per pointer move) so every layer and the worker react.
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canvas } from './lib/canvasFrames.mjs';
import { latency } from './lib/previewLatency.mjs';
import { arg, CHROMIUM, launch, startHost } from './lib/studioPage.mjs';

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
      await canvas(p, work, {
        seconds,
        mode: arg(argv, 'canvas-mode', 'points'),
        profile: argv.includes('--profile'),
        trace: argv.includes('--trace'),
        settle: Number(arg(argv, 'settle', '0')),
        throttle: Number(arg(argv, 'cpu-throttle', '1')),
      });
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
