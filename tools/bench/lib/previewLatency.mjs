// Part (a) of `npm run bench -- preview`: edit -> live preview result latency on the control bench scene.
/* global window -- page.evaluate callbacks run in the page */
import { join } from 'node:path';
import sharp from 'sharp';
import { loadEngine } from './engine.mjs';
import { fmt, movePathPoint, openImage, quantile, root, setMode, waitForResult } from './studioPage.mjs';

async function loadBenchScene() {
  const { computeControl, loadScene } = await loadEngine('preview-engine');
  const { scene } = await loadScene(join(root, 'tests/fixtures/control/bench-3x30/scene.json'));
  const z0 = Float32Array.from(computeControl(scene, { frames: 1 }).z0); // the engine's Z0 of the disparity
  return { scene, z0 };
}

const b64 = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** Opens the bench scene's picture and puts its depth, segments and objects into the document. */
async function showBenchScene(page, work, scene, z0) {
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
}

/** Edit -> result latency of one preview mode over `edits` edits, printed. */
async function measure(page, mode, edits, x0) {
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
    // the last point of the first path, one pixel right and back again
    await movePathPoint(page, -1, x0 + (i % 2 ? 0 : 1));
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
    )} ms over ${edits} edits; worker compute median ${fmt(quantile(work_, 0.5))} ms`,
  );
  console.log(
    `    last worker phases (ms): ${Object.entries(t)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')}`,
  );
}

/** (a) edit -> result latency on the control bench scene. */
export async function latency(page, work, edits) {
  const { scene, z0 } = await loadBenchScene();
  await showBenchScene(page, work, scene, z0);
  const path = scene.objects[0].trajectory;
  const x0 = path[path.length - 1].x;
  for (const mode of ['Points', 'Animatic']) await measure(page, mode, edits, x0);
}
