#!/usr/bin/env node
// npm run bench -- unsaved [--size WxH] [--runs N]
// What the editor pays per document change for the unsaved dot (src-renderer/project/projectSlice.ts
// isDirty, by content) and the frame check (src-renderer/editor/framing/frameCheck.ts), with one moving
// object whose full-size mask was just replaced: the first comparison of a new mask with the saved one,
// the same question again (answers kept per pair), and an edit elsewhere (identity settles it); the frame
// check after a mask edit (the new mask's bounds) and after a frame move (bounds kept). Prints medians;
// asserts nothing.
import { arg, median } from './lib/args.mjs';
import { bundleSources } from './lib/engine.mjs';

const bundle = () =>
  bundleSources(
    'unsaved',
    `export { isDirty, savedStateOf } from './src-renderer/project/projectSlice.ts';
export { checkFrame } from './src-renderer/editor/framing/frameCheck.ts';
export { withSquareMover } from './src-renderer/editor/framing/squareMover.ts';
export { documentForImage } from './src-renderer/state/documentSlice.ts';`,
  );

const time = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

export async function run(argv = process.argv.slice(2)) {
  const [W, H] = arg(argv, 'size', '8192x8192').split('x').map(Number);
  const runs = Number(arg(argv, 'runs', '5'));
  const m = await bundle();
  const image = { imageId: 'bench', name: 'bench.png', width: W, height: H, url: '/bench' };
  const box = [Math.round(W * 0.1), Math.round(H * 0.3), Math.round(W * 0.4), Math.round(H * 0.7)];
  const path = [
    [box[0] + 10, H / 2],
    [W * 0.9, H / 2],
  ];
  const saved = m.withSquareMover(m.documentForImage(image), box, path);
  const state = (document) => ({ document, autoSegments: [], autoSegmentsState: 'done' });
  const project = { path: '/bench.levitor', name: 'bench', id: 'p', saved: m.savedStateOf(state(saved)) };
  const first = [];
  const again = [];
  const elsewhere = [];
  const frameMask = [];
  const frameMove = [];
  for (let r = 0; r < runs; r++) {
    // A stroke that painted the mask back as it was: a new buffer with the saved pixels (the worst case).
    const mask = saved.masks.o1;
    const repainted = { ...saved, masks: { o1: { ...mask, data: mask.data.slice() } } };
    first.push(time(() => m.isDirty({ ...state(repainted), project })));
    again.push(time(() => m.isDirty({ ...state({ ...repainted }), project })));
    const other = { ...repainted, settings: { ...repainted.settings, steps: 9 } };
    elsewhere.push(time(() => m.isDirty({ ...state(other), project })));
    frameMask.push(time(() => m.checkFrame(repainted)));
    const moved = {
      ...repainted,
      framing: { fit: 'crop', frame: { cx: 0.4 + r / 100, cy: 0.5, scale: 0.9 } },
    };
    frameMove.push(time(() => m.checkFrame(moved)));
  }
  console.log(
    `${W}x${H} image, one moving object (${box[2] - box[0]}x${box[3] - box[1]} px mask), ${runs} runs`,
  );
  console.log(`  unsaved dot, new mask equal to the saved one: ${median(first).toFixed(2)} ms`);
  console.log(`  unsaved dot, the same masks asked again:      ${median(again).toFixed(3)} ms`);
  console.log(`  unsaved dot, an edit elsewhere:               ${median(elsewhere).toFixed(3)} ms`);
  console.log(`  frame check after a mask edit (its bounds):  ${median(frameMask).toFixed(2)} ms`);
  console.log(`  frame check after a frame move:              ${median(frameMove).toFixed(3)} ms`);
}
