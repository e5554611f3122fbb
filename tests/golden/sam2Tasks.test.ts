import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DepthTasks } from '../../src-main/inference/models/depth/tasks';
import { Sam2Tasks } from '../../src-main/inference/models/sam2/tasks';
import { compareMasks, FIXTURES, readJson, readPng, readU8Gz } from './sam2Fixture';

// The task handlers the inference host registers (sam2:encode/decode/auto, depth:estimate), on the tiny
// fixtures: sessions reused across calls, refinement logits round-trip, progress reported, results = goldens.
const SAM = join(FIXTURES, 'sam2');
const model = { encoderPath: join(SAM, 'encoder.onnx'), decoderPath: join(SAM, 'decoder.onnx') };

describe('sam2 / depth task handlers', () => {
  const sam = new Sam2Tasks();
  const depth = new DepthTasks();
  afterAll(async () => {
    await sam.dispose();
    await depth.dispose();
  });

  it('encode once, then clicks and a refinement click reuse the embedding', async () => {
    const image = await readPng(join(SAM, 'images', 'portrait.png'));
    const { key } = await sam.encode({ model, image });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const first = await sam.decode({ model, image, prompt: { points: [{ x: 100, y: 150, label: 1 }] } });
    const golden = readU8Gz(join(SAM, 'golden', 'portrait-click.masks.u8.gz'));
    const plane = image.width * image.height;
    expect(compareMasks(first.mask, golden.subarray(plane, 2 * plane)).same).toBeGreaterThan(0.999);
    const refined = await sam.decode({
      model,
      image,
      previous: first.lowRes,
      prompt: {
        points: [
          { x: 100, y: 150, label: 1 },
          { x: 200, y: 330, label: 0 },
        ],
      },
    });
    const g2 = readU8Gz(join(SAM, 'golden', 'portrait-refine.masks.u8.gz'));
    expect(compareMasks(refined.mask, g2.subarray(plane, 2 * plane)).same).toBeGreaterThan(0.999);
  });

  it('sam2:auto reports progress per batch', async () => {
    const image = await readPng(join(SAM, 'images', 'photo.png'));
    const seen: number[] = [];
    const masks = await sam.auto(
      {
        model,
        image,
        settings: { pointsPerSide: 2, pointsPerBatch: 2, predIouThresh: 0, stabilityScoreThresh: 0 },
      },
      { progress: (d) => seen.push(d) },
    );
    expect(seen).toEqual([1, 2]);
    expect(masks.length).toBeGreaterThan(0);
    for (let i = 1; i < masks.length; i++) {
      expect((masks[i] as { predictedIou: number }).predictedIou).toBeLessThanOrEqual(
        (masks[i - 1] as { predictedIou: number }).predictedIou,
      );
    }
  });

  it('depth:estimate returns disparity, Dn and Z0 at image size', async () => {
    const dir = join(FIXTURES, 'depth');
    const image = await readPng(join(dir, 'images', 'portrait.png'));
    const r = await depth.estimate({ modelPath: join(dir, 'model.onnx'), image });
    expect([r.width, r.height, r.inputWidth, r.inputHeight]).toEqual([288, 512, 518, 910]);
    const idx = readJson<{ cases: { key: string; dispMax: number }[] }>(join(dir, 'golden', 'index.json'));
    const c = idx.cases.find((k) => k.key === 'portrait-dynamic');
    expect(
      Math.abs(r.disparity.reduce((a, b) => Math.max(a, b), -Infinity) - (c?.dispMax ?? NaN)),
    ).toBeLessThan(1e-5);
    expect(r.z0.length).toBe(288 * 512);
  });
});
