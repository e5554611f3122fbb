// Part (b) of `npm run bench -- preview`: canvas frame times on a 4096x4096 image with 6 objects.
/* global window, requestAnimationFrame -- page.evaluate callbacks run in the page */
import { join } from 'node:path';
import sharp from 'sharp';
import { profiled, traced } from './canvasProfile.mjs';
import { fmt, movePathPoint, openImage, quantile, setMode, waitForResult } from './studioPage.mjs';

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

/** The 4096x4096 scene: an image with 6 discs, each a moving object with a mask and a 3-point path; a depth map. */
async function bigScene(page, work) {
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
}

/**
 * (b) pan / zoom / point drag on a 4096x4096 image with 6 objects and their overlays.
 * opts: { seconds, mode, profile, trace, settle, throttle } (the command-line flags of the same names).
 */
export async function canvas(
  page,
  work,
  { seconds, mode, profile = false, trace = false, settle = 0, throttle = 1 },
) {
  const parts = ['pan', 'zoom', 'point drag'];
  const frameTimes = (pg, drive) => {
    const part = parts.shift();
    if (trace) return traced(pg, part, () => frameTimesOf(pg, drive));
    return profile ? profiled(pg, part, () => frameTimesOf(pg, drive)) : frameTimesOf(pg, drive);
  };
  await bigScene(page, work);
  if (mode !== 'points') await setMode(page, mode);
  console.log(`(b) preview overlay: ${mode}`);
  // The document edit above starts the project autosave push 2 s later (six 16-megapixel masks PNG-encoded
  // in a worker, the depth map base64-encoded on the main thread and sent in pieces): --settle S waits it
  // out first, so the parts measure the canvas alone.
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
        await movePathPoint(page, 1, 900 + 200 * Math.sin(i / 10), 1100 + 150 * Math.cos(i / 10));
        await page.waitForTimeout(8);
      }
    }),
  );
  const p = await page.evaluate(() => window.__studioPreview.preview.getState());
  console.log(
    `    preview after the drag: ${p.status}, ${p.results} results, last latency ${fmt(p.lastLatencyMs ?? NaN)} ms`,
  );
  // The pushes above went through (a failed one would show here as an error): the recovery file of this
  // scene (its 4 MB depth map goes to the host in pieces).
  const t0 = Date.now();
  const written = await page.evaluate('window.__studioProject.autosaveNow()');
  console.log(
    `    autosave of the scene: ${written ? 'written' : 'nothing unsaved'} in ${Date.now() - t0} ms`,
  );
}
