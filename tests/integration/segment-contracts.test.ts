import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedImage, InferenceProgress } from '../../src-shared/ipc/contract';
import { GRAPH_SPECS, recogniseGraph } from '../../src-shared/models/contracts';
import { AutoSettings, type AutoMaskInfo, type SegmentClickResult } from '../../src-shared/segment/ipc';
import { decodeMask } from '../../src-shared/segment/maskCodec';
import { ModelService } from '../../src-main/services/models/service';
import { compareMasks, FIXTURES, readJson, readU8Gz } from '../golden/sam2Fixture';
import { startTinyStudio, type TinyStudio } from '../support/installTinyModels';

// The two other segmentation contracts end to end: each tiny model installed from a folder by the real model
// manager (contract recognised from the ONNX graphs), made the default, then clicked through segment:* with
// the real inference host. Masks compared with the goldens at the golden tests' tolerance (>= 99.9% pixels).
const SAM2 = join(FIXTURES, 'sam2');
const TJS = join(SAM2, 'transformersjs');
const V1 = join(FIXTURES, 'sam-v1');
const W = 288;
const H = 512; // portrait.png
const plane = W * H;
const golden = (dir: string, key: string, k = 1): Uint8Array =>
  readU8Gz(join(dir, 'golden', `${key}.masks.u8.gz`)).subarray(k * plane, (k + 1) * plane);

let dir: string;
let models: ModelService;
let studio: TinyStudio;
let portrait: ImportedImage;

/** Copies fixture files (source name -> installed name) into a fresh folder and installs it (no contract given). */
async function install(id: string, files: [string, string][]): Promise<string> {
  const src = join(dir, 'stage', id);
  await mkdir(src, { recursive: true });
  for (const [from, to] of files) await copyFile(from, join(src, to));
  const m = await models.install({ source: src, id, name: id, replace: true });
  return m.manifest.contract;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-segment-contracts-'));
  models = new ModelService({ modelsDir: join(dir, 'models') });
  const tjs: [string, string][] = [
    [join(TJS, 'vision_encoder.onnx'), 'vision_encoder.onnx'],
    [join(TJS, 'prompt_encoder_mask_decoder.onnx'), 'prompt_encoder_mask_decoder.onnx'],
  ];
  expect(
    await install('tiny-sam2js', [
      ...tjs,
      [join(TJS, 'preprocessor_config.json'), 'preprocessor_config.json'],
    ]),
  ).toBe('sam2-transformersjs');
  expect(
    await install('tiny-sam2js-pad', [
      ...tjs,
      [join(TJS, 'preprocessor_config.pad.json'), 'preprocessor_config.json'],
    ]),
  ).toBe('sam2-transformersjs');
  expect(
    await install('tiny-sam-v1', [
      [join(V1, 'encoder.onnx'), 'encoder.onnx'],
      [join(V1, 'decoder.onnx'), 'decoder.onnx'],
    ]),
  ).toBe('sam-v1');
  // A decoder alone is refused by recognition (see below); with an explicit contract it installs, and the
  // click then says which graph is missing.
  const alone = join(dir, 'stage', 'sam-v1-decoder-only');
  await mkdir(alone, { recursive: true });
  await copyFile(join(V1, 'decoder.onnx'), join(alone, 'sam_vit_b_decoder.onnx'));
  await models.install({ source: alone, id: 'sam-v1-decoder-only', contract: 'sam-v1', replace: true });
  studio = await startTinyStudio(join(dir, 'models'));
  const path = join(SAM2, 'images', 'portrait.png');
  portrait = await studio.call<ImportedImage>('image:openPath', {
    handle: studio.grant(path, 'open-image'),
  });
});
afterAll(() => studio?.dispose().finally(() => rm(dir, { recursive: true, force: true })));

/** segment:click on the portrait: reference mask, no box unless given. */
function click(req: Record<string, unknown>): Promise<SegmentClickResult> {
  const request = { imageId: portrait.imageId, box: null, choice: 'reference', ...req };
  return studio.call<SegmentClickResult>('segment:click', request);
}
const same = (r: SegmentClickResult, g: Uint8Array): number => compareMasks(decodeMask(r.mask, W, H), g).same;
const P1 = [{ x: 100, y: 150, label: 1 }];
const P2 = [...P1, { x: 200, y: 330, label: 0 }];

async function auto(
  settings: Record<string, number>,
): Promise<{ masks: AutoMaskInfo[]; progress: number[][] }> {
  const { jobId } = await studio.call<{ jobId: string }>('segment:auto', {
    imageId: portrait.imageId,
    settings,
  });
  const r = await studio.call<{ masks: AutoMaskInfo[] }>('segment:autoResult', { jobId });
  const progress = studio.events
    .filter((e) => e.channel === 'inference:progress' && (e.payload as InferenceProgress).jobId === jobId)
    .map((e) => [(e.payload as InferenceProgress).done, (e.payload as InferenceProgress).total]);
  return { masks: r.masks, progress };
}

describe('segment:* with a transformers.js SAM2 model', () => {
  it('clicks, box and best IoU give the SAM2ImagePredictor goldens; one encode', async () => {
    await models.setDefault('segmentation', 'tiny-sam2js');
    const first = await click({ points: P1 });
    expect([first.width, first.height, first.chosen, first.cacheHit]).toEqual([W, H, 1, false]);
    expect(same(first, golden(TJS, 'portrait-click'))).toBeGreaterThan(0.999);
    const two = await click({ points: P2 });
    expect(two.cacheHit).toBe(true);
    expect(same(two, golden(TJS, 'portrait-two-clicks'))).toBeGreaterThan(0.999);
    const box = await click({ points: [], box: [40, 60, 240, 300] });
    expect(same(box, golden(TJS, 'portrait-box'))).toBeGreaterThan(0.999);
    const best = await click({ points: P1, choice: 'bestIou' });
    expect(best.chosen).toBe(best.ious.indexOf(Math.max(...best.ious)));
  });

  it('a refinement click re-runs with all points (no previous-mask input in this contract)', async () => {
    await click({ objectId: 'cup', points: P1 });
    const refined = await click({ objectId: 'cup', points: P2, previousMask: true });
    expect(refined.usedPrevious).toBe(false);
    expect(same(refined, golden(TJS, 'portrait-two-clicks'))).toBeGreaterThan(0.999);
  });

  it('preprocessor_config.json with longest_edge + pad: the padded geometry goldens', async () => {
    await models.setDefault('segmentation', 'tiny-sam2js-pad');
    const r = await click({ points: P1 });
    expect(
      same(r, readU8Gz(join(TJS, 'golden', 'portrait-click.pad.masks.u8.gz')).subarray(plane, 2 * plane)),
    ).toBeGreaterThan(0.999);
    // ...and not the stretch one (the config really changed the geometry).
    expect(same(r, golden(TJS, 'portrait-click'))).toBeLessThan(1);
  });

  it('automatic masks = the SAM2AutomaticMaskGenerator golden (same weights as tests/fixtures/sam2)', async () => {
    await models.setDefault('segmentation', 'tiny-sam2js');
    const amg = readJson<{ amg: { settings: Record<string, number>; count: number; iou: number[] } }>(
      join(SAM2, 'golden', 'index.json'),
    ).amg;
    // The golden's snake_case settings, as the studio's camelCase AutoSettings (crop options left out).
    const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const wanted = Object.keys(AutoSettings.shape);
    const r = await auto(
      Object.fromEntries(
        Object.entries(amg.settings)
          .map(([k, v]) => [camel(k), v] as const)
          .filter(([k]) => wanted.includes(k)),
      ),
    );
    expect(r.masks).toHaveLength(amg.count);
    expect(r.progress.at(-1)).toEqual([4, 4]);
    const g = readU8Gz(join(SAM2, 'golden', 'portrait-amg.masks.u8.gz'));
    r.masks.forEach((m, i) => {
      expect(Math.abs(m.iou - (amg.iou[i] as number))).toBeLessThan(1e-4);
      expect(
        compareMasks(decodeMask(m.mask, W, H), g.subarray(i * plane, (i + 1) * plane)).same,
      ).toBeGreaterThan(0.999);
    });
  });
});

describe('segment:* with a SAM v1 model', () => {
  it('clicks, box and refinement give the SamPredictor goldens', async () => {
    await models.setDefault('segmentation', 'tiny-sam-v1');
    const first = await click({ objectId: 'cup', points: P1 });
    expect([first.chosen, first.cacheHit, first.usedPrevious]).toEqual([1, false, false]);
    expect(same(first, golden(V1, 'portrait-click'))).toBeGreaterThan(0.999);
    const refined = await click({ objectId: 'cup', points: P2, previousMask: true });
    expect([refined.cacheHit, refined.usedPrevious]).toEqual([true, true]);
    expect(same(refined, golden(V1, 'portrait-refine'))).toBeGreaterThan(0.999);
    const boxClick = await click({ points: [{ x: 120, y: 200, label: 0 }], box: [40, 60, 240, 300] });
    expect(same(boxClick, golden(V1, 'portrait-box-click'))).toBeGreaterThan(0.999);
  });

  it('automatic masks run (one prompt per decoder run), with progress per batch', async () => {
    await models.setDefault('segmentation', 'tiny-sam-v1');
    const r = await auto({ pointsPerSide: 4, pointsPerBatch: 8, predIouThresh: 0, stabilityScoreThresh: 0 });
    expect(r.progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(r.masks.length).toBeGreaterThan(0);
    for (const m of r.masks) expect(decodeMask(m.mask, W, H).reduce((a, v) => a + v, 0)).toBe(m.area);
  });
});

describe('wrong graphs name what was expected and what was found', () => {
  it('a transformers.js encoder beside a SAM v1 decoder is refused at install', async () => {
    await expect(
      install('mixed', [
        [join(TJS, 'vision_encoder.onnx'), 'vision_encoder.onnx'],
        [join(V1, 'decoder.onnx'), 'decoder.onnx'],
      ]),
    ).rejects.toThrow(
      /different contracts: (?=.*vision_encoder\.onnx=sam2-transformersjs-encoder)(?=.*decoder\.onnx=sam-v1-decoder)/,
    );
  });

  it('a SAM v1 decoder without its image encoder is refused at install, naming the missing graph', async () => {
    await expect(install('v1-alone', [[join(V1, 'decoder.onnx'), 'sam_vit_b_decoder.onnx']])).rejects.toThrow(
      'sam-v1: expected encoder + decoder graphs, found sam_vit_b_decoder.onnx (decoder); missing encoder (the SAM v1 image encoder: image or input_image [1,3,1024,1024] -> image_embeddings [1,256,64,64])',
    );
  });

  it('a SAM v1 decoder installed alone with --contract: the click says which graph is missing', async () => {
    await models.setDefault('segmentation', 'sam-v1-decoder-only');
    const err = await click({ points: P1 }).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err?.code).toBe('models/unrecognized');
    expect(err?.message).toContain('image encoder .onnx (input image [1,3,1024,1024] -> image_embeddings)');
    expect(err?.message).toContain('found: sam_vit_b_decoder.onnx');
  });

  it('a transformers.js decoder without input_labels, a SAM v1 encoder with the wrong grid', () => {
    const spec = GRAPH_SPECS.find((g) => g.kind === 'sam2-transformersjs-decoder');
    const dec = recogniseGraph({
      label: 'prompt_encoder_mask_decoder.onnx',
      inputs: Object.keys(spec?.inputs ?? {})
        .filter((n) => n !== 'input_labels')
        .map((name) => ({ name })),
      outputs: Object.keys(spec?.outputs ?? {}).map((name) => ({ name })),
    });
    expect(dec.ok).toBe(false);
    if (!dec.ok) {
      expect(dec.message).toContain('expected sam2-transformersjs-decoder: inputs');
      expect(dec.message).toContain('missing input_labels');
      expect(dec.message).toContain('found inputs [image_embeddings.0');
    }
    const enc = recogniseGraph({
      label: 'encoder.onnx',
      inputs: [{ name: 'image', dims: [1, 3, 1024, 1024] }],
      outputs: [{ name: 'image_embeddings', dims: [1, 256, 32, 32] }],
    });
    expect(enc.ok).toBe(false);
    const named = recogniseGraph({
      label: 'mobile_sam_encoder.onnx',
      inputs: [{ name: 'input_image', dims: [1, 3, 1024, 1024] }],
      outputs: [{ name: 'image_embeddings', dims: [1, 256, 64, 64] }],
    });
    expect(named.ok && [named.contract, named.part]).toEqual(['sam-v1', 'encoder']);
    if (!enc.ok)
      expect(enc.message).toBe(
        'encoder.onnx: looks like sam-v1-encoder but has wrong shapes: output image_embeddings: expected [1,256,64,64], found [1,256,32,32]',
      );
  });
});
