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

  it('sam2:auto reports progress per chunk, resumes a cancelled run and finds the embedding by key', async () => {
    const image = await readPng(join(SAM, 'images', 'photo.png'));
    const settings = { pointsPerSide: 4, pointsPerBatch: 4, predIouThresh: 0, stabilityScoreThresh: 0 };
    const seen: number[] = [];
    const full = await sam.auto({ model, image, settings }, { progress: (d) => seen.push(d) });
    expect(seen).toEqual([1, 2, 3, 4]);
    const masks = full?.masks ?? [];
    expect(masks.length).toBeGreaterThan(0);
    expect([full?.width, full?.height]).toEqual([image.width, image.height]);
    for (let i = 1; i < masks.length; i++) {
      expect((masks[i] as { predictedIou: number }).predictedIou).toBeLessThanOrEqual(
        (masks[i - 1] as { predictedIou: number }).predictedIou,
      );
    }
    // Cancelled after its second chunk (at the next pause), then run again: chunks 3 and 4 only, same masks.
    const stop = new AbortController();
    const first = sam.auto(
      { model, image, settings },
      { signal: stop.signal, progress: (d) => d === 2 && stop.abort() },
    );
    await expect(first).rejects.toThrow();
    const again: number[] = [];
    const { key } = await sam.encode({ model, image });
    // By key: no pixels needed while the embedding is cached.
    const resumed = await sam.auto({ model, key, settings }, { progress: (d) => again.push(d) });
    expect(again).toEqual([3, 4]);
    expect(resumed?.masks).toEqual(masks);
    expect(await sam.auto({ model, key: 'not-a-cached-key', settings })).toBeNull();
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
