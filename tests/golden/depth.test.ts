import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depthInputSize, preprocessDepth } from '../../src-main/inference/models/depth/pre';
import { DepthRunner } from '../../src-main/inference/models/depth/runner';
import { FIXTURES, maxAbsDiffStrided, readF32Gz, readJson, readPng, readU8Gz } from './sam2Fixture';

// Golden parity of Depth Anything V2 (tiny random weights, both export styles) against the LeviTor reference
// pre/post-processing in Python (tools/export/depth/reference.py: OpenCV bicubic on float64, BGR parity,
// bilinear align_corners=True, Dn/Z0). Tolerances: network input 1e-6 (the OpenCV cubic is emulated op by
// op), disparity max abs diff 1e-5 (ORT vs PyTorch), Dn: at most 0.5% of pixels differ, each by 1 (the tiny
// model's disparity spans only ~0.03, so one Dn step is ~1.2e-4 and an ORT-vs-PyTorch difference of 1e-6 flips
// the pixels that sit on a truncation boundary).
const DIR = join(FIXTURES, 'depth');
const GOLD = join(DIR, 'golden');
interface Case {
  key: string;
  image: string;
  width: number;
  height: number;
  parityBgr: boolean;
  graph: string;
  inputShape: number[];
  inputSampleStride: number;
}
const index = readJson<{ cases: Case[] }>(join(GOLD, 'index.json'));

describe('Depth Anything V2 golden parity', () => {
  const runners = new Map<string, DepthRunner>();
  beforeAll(async () => {
    for (const g of ['model.onnx', 'depth_anything_v2_518.onnx'])
      runners.set(g, await DepthRunner.open(join(DIR, g)));
  });
  afterAll(async () => {
    for (const r of runners.values()) await r.release();
  });

  it('lower-bound size: 288x512 -> 518x910 (docs/levitor-method.md section 1), 640x480 -> 686x518', () => {
    expect(depthInputSize(288, 512)).toEqual({ width: 518, height: 910 });
    expect(depthInputSize(640, 480)).toEqual({ width: 686, height: 518 });
  });

  it('recognises both styles; the standalone graph keeps its static 518x518', () => {
    expect(runners.get('model.onnx')?.kind).toBe('depth-transformersjs');
    expect(runners.get('model.onnx')?.fixed).toBeNull();
    expect(runners.get('depth_anything_v2_518.onnx')?.fixed).toEqual({ width: 518, height: 518 });
  });

  it.each(index.cases.map((c) => [c.key, c] as const))('%s', async (_key, c) => {
    const img = await readPng(join(DIR, c.image));
    const runner = runners.get(c.graph);
    if (!runner) throw new Error(c.graph);
    const fixed = runner.fixed;
    const x = preprocessDepth(img, { parityBgr: c.parityBgr, fixed });
    expect([1, 3, x.height, x.width]).toEqual(c.inputShape);
    const inSample = readF32Gz(join(GOLD, `${c.key}.input_sample.f32.gz`));
    expect(maxAbsDiffStrided(x.data, inSample, c.inputSampleStride)).toBeLessThan(1e-6);

    const r = await runner.estimate(img, { parityBgr: c.parityBgr });
    const disp = readF32Gz(join(GOLD, `${c.key}.disparity.f32.gz`));
    expect(maxAbsDiffStrided(r.disparity, disp, 1)).toBeLessThan(1e-5);
    const dn = readU8Gz(join(GOLD, `${c.key}.dn.u8.gz`));
    let flips = 0;
    let worst = 0;
    for (let i = 0; i < dn.length; i++) {
      const d = Math.abs((r.dn[i] as number) - (dn[i] as number));
      worst = Math.max(worst, d);
      if (d) flips++;
    }
    const inDiff = maxAbsDiffStrided(x.data, inSample, c.inputSampleStride);
    const dispDiff = maxAbsDiffStrided(r.disparity, disp, 1);
    console.log(
      `${c.key}: input max|d| ${inDiff.toExponential(2)}, disparity max|d| ${dispDiff.toExponential(2)}, Dn flips ${flips}/${dn.length}`,
    );
    expect(worst).toBeLessThanOrEqual(1);
    expect(flips / dn.length).toBeLessThan(5e-3);
    for (let i = 0; i < dn.length; i += 997) {
      const v = r.dn[i] as number;
      expect(r.z0[i]).toBe(v === 0 ? 1 : 1 / v);
    }
  });
});
