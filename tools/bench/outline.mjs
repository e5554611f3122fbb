#!/usr/bin/env node
// npm run bench -- outline [--scene DIR/scene.json] [--runs N]
// Times the canvas outline at a selected trajectory point (src-renderer/editor/trajectory/depthOutline.ts)
// on the benchmark scene (288x512): the base (merge + the object's splat points, rebuilt when masks,
// depth or framing change) and one outline (splat + marching squares, recomputed on every drag move),
// for each moving object at its last point. Prints medians; asserts nothing.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, median } from './lib/args.mjs';
import { bundleSources } from './lib/engine.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The outline code, bundled beside the other benches' (tools/bench/lib/engine.mjs). */
const bundle = () =>
  bundleSources(
    'outline',
    `export { outlineAt, outlineBase } from './src-renderer/editor/trajectory/depthOutline.ts';
export { placeFrame } from './src-shared/image/framing.ts';
export { disparityToDn, dnToZ0 } from './src-shared/control/depth.ts';
export { loadScene } from './src-main/services/scene/loadScene.ts';`,
  );

export async function run(argv = process.argv.slice(2)) {
  const scenePath = resolve(arg(argv, 'scene', join(root, 'tests/fixtures/control/bench-3x30/scene.json')));
  const runs = Number(arg(argv, 'runs', '21'));
  const m = await bundle();
  const { scene } = await m.loadScene(scenePath);
  const { width: W, height: H } = scene;
  const z = scene.depth.kind === 'disparity' ? m.dnToZ0(m.disparityToDn(scene.depth.data)) : scene.depth.data;
  const depth = Float32Array.from(z);
  const size = { width: W, height: H };
  const pl = m.placeFrame(size, size, { fit: 'stretch', frame: { cx: 0.5, cy: 0.5, scale: 1 } });
  const users = scene.objects.map((o) => o.mask);
  console.log(`scene ${scenePath}: ${W}x${H}, ${users.length} user objects`);
  scene.objects.forEach((o, k) => {
    const tr = o.trajectory ?? [];
    if (o.kind !== 'moving' || tr.length < 2) return;
    const baseMs = [];
    const outlineMs = [];
    let base = null;
    let out = null;
    for (let r = 0; r < runs; r++) {
      let t = performance.now();
      base = m.outlineBase(users, k, depth, pl);
      baseMs.push(performance.now() - t);
      t = performance.now();
      out = base && m.outlineAt(base, tr[0], tr[tr.length - 1]);
      outlineMs.push(performance.now() - t);
    }
    console.log(
      `  ${o.name ?? `object ${k + 1}`}: ${base?.points.x.length ?? 0} px, base ${median(baseMs).toFixed(2)} ms, ` +
        `outline ${median(outlineMs).toFixed(2)} ms (${out?.area ?? 0} px covered, ${(out?.segments.length ?? 0) / 4} segments)`,
    );
  });
}
