import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSegRunner } from '../../src-main/inference/models/sam2/open';
import type { Prompt, RgbImage } from '../../src-main/inference/models/sam2/pre';
import { segmentClick } from '../../src-main/inference/models/sam2/segment';
import { pilResizeBilinear } from '../../src-shared/image/pilResize';
import { longestSideShape, preprocessPadded, SAM_V1_NORM } from '../../src-main/inference/models/samv1/pre';
import { SamV1Runner } from '../../src-main/inference/models/samv1/runner';
import { iouDiff, type SegCase, type SegIndex, threeMasksSame, toPrompt } from './segGolden';
import {
  compareMasks,
  FIXTURES,
  maxAbsDiffStrided,
  readF32Gz,
  readJson,
  readPng,
  readU8Gz,
} from './sam2Fixture';

// Golden parity of the SAM v1 contract (image encoder + SamOnnxModel decoder) against SamPredictor on the
// committed tiny random-weight Sam (tools/export/sam2/samv1.py). Tolerances: pre-processing 1e-5 (Pillow's
// fixed-point resize is reproduced exactly; the rest is float32 rounding), image embedding 1e-3 and low-res
// logits 5e-3 (ORT vs PyTorch CPU kernels), predicted IoU 1e-4, masks at image size >= 99.9% identical pixels.
const DIR = join(FIXTURES, 'sam-v1');
const GOLD = join(DIR, 'golden');

interface Index extends SegIndex<SegCase> {
  pattern: { width: number; height: number; resized: [number, number]; stride: number };
}
const index = readJson<Index>(join(GOLD, 'index.json'));

describe('SAM v1 golden parity', () => {
  let runner: SamV1Runner;
  const images = new Map<string, RgbImage>();
  beforeAll(async () => {
    const r = await openSegRunner(join(DIR, 'encoder.onnx'), join(DIR, 'decoder.onnx'));
    if (!(r instanceof SamV1Runner)) throw new Error(`expected the SAM v1 runner, got ${r.contract}`);
    runner = r;
    for (const im of index.images) images.set(im.name, await readPng(join(DIR, im.image)));
  });
  afterAll(async () => runner.release());

  it.each(index.images.map((im) => im.name))(
    'pre-processing and image embedding match (%s)',
    async (name) => {
      const img = images.get(name) as RgbImage;
      const dx = maxAbsDiffStrided(
        preprocessPadded(img, SAM_V1_NORM),
        readF32Gz(join(GOLD, `${name}.input_sample.f32.gz`)),
        1009,
      );
      const e = await runner.encode(img);
      const de = maxAbsDiffStrided(
        e.imageEmbeddings,
        readF32Gz(join(GOLD, `${name}.embed_sample.f32.gz`)),
        1009,
      );
      console.log(
        `sam-v1 ${name}: input max|d| ${dx.toExponential(2)}, embedding max|d| ${de.toExponential(2)}`,
      );
      expect(dx).toBeLessThan(1e-5);
      expect(de).toBeLessThan(1e-3);
    },
  );

  it('a larger image is shrunk exactly as Pillow does (ResizeLongestSide.apply_image)', () => {
    const { width: w, height: h, resized, stride } = index.pattern;
    const rgb = new Uint8Array(w * h * 3); // tools/export/sam2/samv1.py pattern()
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 3;
        rgb[i] = (x * 7 + y * 13) % 256;
        rgb[i + 1] = (x * x + y) % 256;
        rgb[i + 2] = (x ^ y) & 255;
      }
    const size = longestSideShape(w, h);
    expect([size.width, size.height]).toEqual(resized);
    const out = pilResizeBilinear(rgb, w, h, size.width, size.height);
    const want = readU8Gz(join(GOLD, `pattern-${w}x${h}.resized_sample.u8.gz`));
    let diff = 0;
    for (let i = 0; i < want.length; i++) if (out[i * stride] !== want[i]) diff++;
    expect(diff).toBe(0);
  });

  for (const im of index.images) {
    it(`prompts on ${im.name}: low-res logits, IoU, masks, refinement; one encode`, async () => {
      const img = images.get(im.name) as RgbImage;
      const before = runner.encodeCount;
      const lowByCase = new Map<string, Float32Array>();
      for (const c of im.cases) {
        const prev = c.refine_from ? lowByCase.get(c.refine_from) : undefined;
        if (c.refine_from && !prev) throw new Error(`no logits for ${c.refine_from}`);
        const r = await runner.decode(await runner.encode(img), [toPrompt(c)], prev);
        const refine = r.refine as Float32Array;
        lowByCase.set(c.case, refine.slice(256 * 256, 2 * 256 * 256));
        const dl = maxAbsDiffStrided(refine, readF32Gz(join(GOLD, `${c.key}.lowres_sample.f32.gz`)), 4);
        const di = iouDiff(r.iou, c.iou);
        const same = threeMasksSame(r, readU8Gz(join(GOLD, `${c.key}.masks.u8.gz`)), im.width, im.height);
        console.log(
          `sam-v1 ${c.key}: low-res max|d| ${dl.toExponential(2)}, IoU max|d| ${di.toExponential(2)}, same ${same.map((v) => v.toFixed(5))}`,
        );
        expect(dl, `${c.key} low-res logits`).toBeLessThan(5e-3);
        expect(di, `${c.key} IoU`).toBeLessThan(1e-4);
        for (const v of same) expect(v, c.key).toBeGreaterThan(0.999);
      }
      expect(runner.encodeCount - before).toBeLessThanOrEqual(1);
    });
  }

  it('segmentClick: reference = mask 1, best IoU = argmax, refinement logits returned', async () => {
    const im = index.images[0];
    const c = im?.cases[0];
    if (!im || !c) throw new Error('no cases');
    const img = images.get(im.name) as RgbImage;
    const ref = await segmentClick(runner, img, toPrompt(c), { choice: 'reference' });
    expect(ref.chosen).toBe(1);
    expect(ref.lowRes?.length).toBe(256 * 256);
    const best = await segmentClick(runner, img, toPrompt(c), { choice: 'best-iou' });
    expect(best.chosen).toBe(c.iou.indexOf(Math.max(...c.iou)));
    const plane = im.width * im.height;
    const golden = readU8Gz(join(GOLD, `${c.key}.masks.u8.gz`)).subarray(plane, 2 * plane);
    expect(compareMasks(ref.mask, golden).same).toBeGreaterThan(0.999);
  });

  it('a batch of prompts (automatic masks) runs one prompt at a time and keeps their order', async () => {
    const e = await runner.encode(images.get('portrait') as RgbImage);
    const ps: Prompt[] = [
      { points: [{ x: 100, y: 150, label: 1 }] },
      { points: [{ x: 200, y: 330, label: 1 }] },
    ];
    const batch = await runner.decode(e, ps);
    const second = await runner.decode(e, [ps[1] as Prompt]);
    expect([...batch.iou.slice(3, 6)]).toEqual([...second.iou]);
  });
});
