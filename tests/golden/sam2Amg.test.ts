import { join } from 'node:path';
import { decodeMask } from '../../src-shared/segment/maskCodec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCandidates, generateMasks, nms, pointGrid } from '../../src-main/inference/models/sam2/amg';
import { Sam2Runner } from '../../src-main/inference/models/sam2/runner';
import { compareMasks, FIXTURES, readJson, readPng, readU8Gz } from './sam2Fixture';

// Automatic masks vs sam2's SAM2AutomaticMaskGenerator on the tiny random model. Random weights give few
// confident masks, so the golden uses lowered thresholds (8x8 grid, pred IoU 0, stability 0, NMS 0.7; see
// tools/export/sam2/make_fixtures.py): it checks grid, batching, stability, NMS and ordering, not the
// reference thresholds; all 192 candidates before NMS are compared too. Tolerances: same count, IoU 1e-4, stability 1e-3, masks >= 99.9% identical pixels.
const DIR = join(FIXTURES, 'sam2');
interface Amg {
  settings: Record<string, number>;
  count: number;
  iou: number[];
  stability: number[];
  area: number[];
  point: [number, number][];
  candidates: { iou: number[]; stability: number[]; area: number[] };
}
const amg = readJson<{ amg: Amg }>(join(DIR, 'golden', 'index.json')).amg;

describe('SAM2 automatic masks', () => {
  let runner: Sam2Runner;
  beforeAll(async () => {
    runner = await Sam2Runner.open(join(DIR, 'encoder.onnx'), join(DIR, 'decoder.onnx'));
  });
  afterAll(async () => runner.release());

  it('grid = SAM build_point_grid scaled to the image', () => {
    const g = pointGrid(2, 100, 50);
    expect(g).toEqual([
      [25, 12.5],
      [75, 12.5],
      [25, 37.5],
      [75, 37.5],
    ]);
  });

  it('NMS keeps the higher IoU and sorts descending', () => {
    const a = { predictedIou: 0.5, box: [0, 0, 10, 10] as [number, number, number, number] };
    const b = { predictedIou: 0.9, box: [1, 1, 10, 10] as [number, number, number, number] };
    const c = { predictedIou: 0.7, box: [20, 20, 30, 30] as [number, number, number, number] };
    expect(nms([a, b, c], 0.7)).toEqual([b, c]);
  });

  it('matches SAM2AutomaticMaskGenerator; progress and cancel', async () => {
    const img = await readPng(join(DIR, 'images', 'portrait.png'));
    const e = await runner.encode(img);
    const s = amg.settings;
    const settings = {
      pointsPerSide: s.points_per_side as number,
      pointsPerBatch: s.points_per_batch as number,
      predIouThresh: s.pred_iou_thresh as number,
      stabilityScoreThresh: s.stability_score_thresh as number,
      stabilityScoreOffset: s.stability_score_offset as number,
      boxNmsThresh: s.box_nms_thresh as number,
    };
    const progress: number[] = [];
    const masks = await generateMasks(runner, e, { settings, onProgress: (d) => progress.push(d) });
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(masks.length).toBe(amg.count);
    const golden = readU8Gz(join(DIR, 'golden', 'portrait-amg.masks.u8.gz'));
    const plane = img.width * img.height;
    masks.forEach((m, i) => {
      expect(Math.abs(m.predictedIou - (amg.iou[i] as number))).toBeLessThan(1e-4);
      expect(Math.abs(m.stabilityScore - (amg.stability[i] as number))).toBeLessThan(1e-3);
      expect(m.point).toEqual(amg.point[i]);
      expect(
        compareMasks(decodeMask(m.mask, img.width, img.height), golden.subarray(i * plane, (i + 1) * plane))
          .same,
      ).toBeGreaterThan(0.999);
    });
    // All 192 candidates before NMS (8x8 points x 3 masks), in the generator's order.
    const cands = await collectCandidates(runner, e, { settings });
    expect(cands.length).toBe(amg.candidates.iou.length);
    let worstStab = 0;
    let worstArea = 0;
    cands.forEach((m, i) => {
      expect(Math.abs(m.predictedIou - (amg.candidates.iou[i] as number))).toBeLessThan(1e-4);
      worstStab = Math.max(worstStab, Math.abs(m.stabilityScore - (amg.candidates.stability[i] as number)));
      worstArea = Math.max(worstArea, Math.abs(m.area - (amg.candidates.area[i] as number)));
    });
    console.log(
      `AMG candidates: stability max|d| ${worstStab.toExponential(2)}, area max|d| ${worstArea} px`,
    );
    expect(worstStab).toBeLessThan(1e-3);
    expect(worstArea).toBeLessThanOrEqual(10);
    const ctl = new AbortController();
    const run = generateMasks(runner, e, {
      settings,
      signal: ctl.signal,
      onProgress: (d) => d === 1 && ctl.abort(),
    });
    await expect(run).rejects.toThrow();
  });
});
