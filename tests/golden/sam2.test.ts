import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preprocessSam2, type RgbImage } from '../../src-main/inference/models/sam2/pre';
import { logitsToImage, LOW_RES, lowResPlane, threshold } from '../../src-main/inference/models/sam2/post';
import { Sam2Runner } from '../../src-main/inference/models/sam2/runner';
import { segmentClick } from '../../src-main/inference/models/sam2/segment';
import {
  compareMasks,
  FIXTURES,
  maxAbsDiffStrided,
  readF32Gz,
  readJson,
  readPng,
  readU8Gz,
} from './sam2Fixture';
import { toPrompt, type SegCase, type SegIndex } from './segGolden';

// Golden parity of the SAM2 pipeline (pre, encoder, prompt tensors, decoder, refinement, post) against
// SAM2ImagePredictor on the committed tiny random-weight model (tools/export/sam2/make_fixtures.py).
// Tolerances: pre-processing 2e-6 (float32 rounding of the aa-resize sums), image_embed 1e-3 and low-res
// logits 5e-3 (ORT vs PyTorch CPU kernels, logits span about +-15), predicted IoU 1e-4, masks at image size
// >= 99.9% identical pixels for all three masks.
const DIR = join(FIXTURES, 'sam2');
const GOLD = join(DIR, 'golden');

type Case = SegCase;
type Index = SegIndex<Case>;
const index = readJson<Index>(join(GOLD, 'index.json'));

describe.each(['decoder.onnx', 'decoder_orig_size.onnx'])('SAM2 golden parity (%s)', (decoderFile) => {
  let runner: Sam2Runner;
  const images = new Map<string, RgbImage>();
  beforeAll(async () => {
    runner = await Sam2Runner.open(join(DIR, 'encoder.onnx'), join(DIR, decoderFile));
    for (const im of index.images) images.set(im.name, await readPng(join(DIR, im.image)));
  });
  afterAll(async () => runner.release());

  it.each(index.images.map((im) => im.name))(
    'pre-processing and image embedding match the predictor (%s)',
    async (name) => {
      if (decoderFile !== 'decoder.onnx') return;
      const img = images.get(name) as RgbImage;
      const x = preprocessSam2(img);
      expect(maxAbsDiffStrided(x, readF32Gz(join(GOLD, `${name}.input_sample.f32.gz`)), 1009)).toBeLessThan(
        2e-6,
      );
      const e = await runner.encode(img);
      expect(
        maxAbsDiffStrided(e.imageEmbed, readF32Gz(join(GOLD, `${name}.embed_sample.f32.gz`)), 1009),
      ).toBeLessThan(1e-3);
    },
  );

  for (const im of index.images) {
    it(`prompts on ${im.name}: logits, IoU and masks match; one encode for all clicks`, async () => {
      const img = images.get(im.name) as RgbImage;
      const before = runner.encodeCount;
      const lowByCase = new Map<string, Float32Array>();
      for (const c of im.cases) {
        const e = await runner.encode(img);
        const prev = c.refine_from ? lowByCase.get(c.refine_from) : undefined;
        if (c.refine_from && !prev && decoderFile === 'decoder.onnx')
          throw new Error(`no logits for ${c.refine_from}`);
        const r = await runner.decode(e, [toPrompt(c)], prev);
        if (decoderFile !== 'decoder.onnx' && c.refine_from) continue; // orig_im_size variant: no low-res logits to refine with
        for (let k = 0; k < 3; k++)
          expect(Math.abs((r.iou[k] as number) - (c.iou[k] as number))).toBeLessThan(1e-4);
        const golden = readU8Gz(join(GOLD, `${c.key}.masks.u8.gz`));
        const plane = im.width * im.height;
        if (decoderFile === 'decoder.onnx') {
          lowByCase.set(c.case, lowResPlane(r.masks, 1));
          const diff = maxAbsDiffStrided(r.masks, readF32Gz(join(GOLD, `${c.key}.lowres_sample.f32.gz`)), 4);
          expect(diff, `${c.key} low-res logits`).toBeLessThan(5e-3);
          const iouDiff = Math.max(
            ...[0, 1, 2].map((k) => Math.abs((r.iou[k] as number) - (c.iou[k] as number))),
          );
          console.log(
            `${c.key}: low-res logits max|d| ${diff.toExponential(2)}, IoU max|d| ${iouDiff.toExponential(2)}`,
          );
          for (let k = 0; k < 3; k++) {
            const mask = threshold(logitsToImage(r.masks, k, im.width, im.height));
            const cmp = compareMasks(mask, golden.subarray(k * plane, (k + 1) * plane));
            expect(cmp.same, `${c.key} mask ${k}`).toBeGreaterThan(0.999);
            if (cmp.same < 1)
              console.log(`${c.key} mask ${k}: ${((1 - cmp.same) * plane).toFixed(0)} pixels differ`);
          }
        } else if (!c.refine_from) {
          // orig_im_size variant: masks come back at image size; refinement needs low-res logits (not fed).
          expect([r.maskWidth, r.maskHeight]).toEqual([im.width, im.height]);
          for (let k = 0; k < 3; k++) {
            const cmp = compareMasks(
              threshold(r.masks.subarray(k * plane, (k + 1) * plane)),
              golden.subarray(k * plane, (k + 1) * plane),
            );
            expect(cmp.same, `${c.key} mask ${k}`).toBeGreaterThan(0.999);
          }
        }
      }
      expect(runner.encodeCount - before).toBeLessThanOrEqual(1);
    });
  }

  it('segmentClick: reference choice = mask 1, best-IoU = argmax, refinement logits returned', async () => {
    const im = index.images[0];
    if (!im) throw new Error('no images');
    const img = images.get(im.name) as RgbImage;
    const c = im.cases[0] as Case;
    const ref = await segmentClick(runner, img, toPrompt(c), { choice: 'reference' });
    expect(ref.chosen).toBe(1);
    const best = await segmentClick(runner, img, toPrompt(c), { choice: 'best-iou' });
    const arg = c.iou.indexOf(Math.max(...c.iou));
    expect(best.chosen).toBe(arg);
    const golden = readU8Gz(join(GOLD, `${c.key}.masks.u8.gz`));
    const plane = im.width * im.height;
    expect(compareMasks(ref.mask, golden.subarray(plane, 2 * plane)).same).toBeGreaterThan(0.999);
    if (decoderFile === 'decoder.onnx') expect(ref.lowRes?.length).toBe(LOW_RES * LOW_RES);
  });
});
