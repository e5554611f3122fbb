import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSegRunner } from '../../src-main/inference/models/sam2/open';
import type { Prompt, RgbImage } from '../../src-main/inference/models/sam2/pre';
import { segmentClick } from '../../src-main/inference/models/sam2/segment';
import type { SegRunner } from '../../src-main/inference/models/sam2/segRunner';
import { Sam2JsRunner } from '../../src-main/inference/models/sam2js/runner';
import { iouDiff, type SegCase, type SegIndex, threeMasksSame, toPrompt } from './segGolden';
import { compareMasks, FIXTURES, readJson, readPng, readU8Gz } from './sam2Fixture';

// Golden parity of the transformers.js-style SAM2 path (vision_encoder + prompt_encoder_mask_decoder, int64
// labels, input_boxes) on the tiny random-weight model (tools/export/sam2/transformersjs.py), in both input
// geometries of preprocessor_config.json. "stretch" goldens come from SAM2ImagePredictor (same weights as
// tests/fixtures/sam2); "pad" goldens from transformers' SamImageProcessor recipe (PIL resize of the longest
// side, zero pad; masks to 1024, crop, to the image). Tolerances as the SAM2 encoder+decoder golden test:
// predicted IoU 1e-4, masks at image size >= 99.9% identical pixels for all three masks.
const DIR = join(FIXTURES, 'sam2', 'transformersjs');
const GOLD = join(DIR, 'golden');

type Case = SegCase & { padIou: number[] };
type Index = SegIndex<Case>;
const index = readJson<Index>(join(GOLD, 'index.json'));

describe.each([
  ['stretch', 'preprocessor_config.json', ''],
  ['pad', 'preprocessor_config.pad.json', '.pad'],
] as const)('SAM2 transformers.js golden parity (%s geometry)', (geometry, config, suffix) => {
  let runner: SegRunner;
  const images = new Map<string, RgbImage>();
  beforeAll(async () => {
    runner = await openSegRunner(
      join(DIR, 'vision_encoder.onnx'),
      join(DIR, 'prompt_encoder_mask_decoder.onnx'),
      ['cpu'],
      join(DIR, config),
    );
    for (const im of index.images) images.set(im.name, await readPng(join(DIR, im.image)));
  });
  afterAll(async () => runner.release());

  it('the graphs pick the transformers.js runner and the config its geometry', () => {
    expect(runner).toBeInstanceOf(Sam2JsRunner);
    expect((runner as Sam2JsRunner).geometry.mode).toBe(geometry);
  });

  for (const im of index.images) {
    it(`prompts on ${im.name}: IoU and the three masks match; one encode for all prompts`, async () => {
      const img = images.get(im.name) as RgbImage;
      const before = runner.encodeCount;
      for (const c of im.cases) {
        const r = await runner.decode(await runner.encode(img), [toPrompt(c)]);
        const want = geometry === 'pad' ? c.padIou : c.iou;
        const di = iouDiff(r.iou, want);
        expect(di, `${c.key} IoU`).toBeLessThan(1e-4);
        expect(r.refine).toBeNull(); // no previous-mask input in this contract
        const golden = readU8Gz(join(GOLD, `${c.key}${suffix}.masks.u8.gz`));
        const same = threeMasksSame(r, golden, im.width, im.height);
        console.log(
          `${geometry} ${c.key}: IoU max|d| ${di.toExponential(2)}, same ${same.map((v) => v.toFixed(5))}`,
        );
        for (const v of same) expect(v, c.key).toBeGreaterThan(0.999);
      }
      expect(runner.encodeCount - before).toBeLessThanOrEqual(1);
    });
  }

  it('a batch of P single-point prompts (automatic masks) equals the prompts decoded one by one', async () => {
    const img = images.get('portrait') as RgbImage;
    const e = await runner.encode(img);
    const prompts: Prompt[] = [
      { points: [{ x: 100, y: 150, label: 1 }] },
      { points: [{ x: 200, y: 330, label: 1 }] },
      { points: [{ x: 30, y: 480, label: 1 }] },
    ];
    const batch = await runner.decode(e, prompts);
    const plane = 256 * 256;
    for (let i = 0; i < prompts.length; i++) {
      const one = await runner.decode(e, [prompts[i] as Prompt]);
      for (let k = 0; k < 3; k++) expect(batch.iou[i * 3 + k]).toBeCloseTo(one.iou[k] as number, 4);
      let d = 0;
      for (let j = 0; j < 3 * plane; j++)
        d = Math.max(d, Math.abs((batch.masks[i * 3 * plane + j] as number) - (one.masks[j] as number)));
      expect(d).toBeLessThan(1e-3);
    }
  });

  it('segmentClick: reference = mask 1, best IoU = argmax; no refinement logits (re-run with all points)', async () => {
    const im = index.images[0];
    const c = im?.cases[1];
    if (!im || !c) throw new Error('no cases');
    const img = images.get(im.name) as RgbImage;
    const ref = await segmentClick(runner, img, toPrompt(c), { choice: 'reference' });
    expect(ref.chosen).toBe(1);
    expect(ref.lowRes).toBeNull();
    const want = geometry === 'pad' ? c.padIou : c.iou;
    const best = await segmentClick(runner, img, toPrompt(c), { choice: 'best-iou' });
    expect(best.chosen).toBe(want.indexOf(Math.max(...want)));
    const plane = im.width * im.height;
    const golden = readU8Gz(join(GOLD, `${c.key}${suffix}.masks.u8.gz`)).subarray(plane, 2 * plane);
    expect(compareMasks(ref.mask, golden).same).toBeGreaterThan(0.999);
  });
});
