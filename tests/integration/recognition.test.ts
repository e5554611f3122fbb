import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GraphInfo,
  recogniseGraph,
  recogniseModel,
  staticInputSize,
} from '../../src-shared/models/contracts';
import { sessionGraphInfo } from '../../src-main/inference/models/sam2/graphInfo';
import { Sam2Runner } from '../../src-main/inference/models/sam2/runner';
import { DepthRunner } from '../../src-main/inference/models/depth/runner';

// Recognition by input/output names and shapes on real ORT sessions of the committed tiny graphs, and the
// refusal messages for wrong or broken graphs (they must name what was expected and what was found).
const FIX = join(import.meta.dirname, '..', 'fixtures');
const files = {
  encoder: join(FIX, 'sam2', 'encoder.onnx'),
  decoder: join(FIX, 'sam2', 'decoder.onnx'),
  decoder8: join(FIX, 'sam2', 'decoder_orig_size.onnx'),
  depthJs: join(FIX, 'depth', 'model.onnx'),
  depth518: join(FIX, 'depth', 'depth_anything_v2_518.onnx'),
};

describe('graph recognition on real sessions', () => {
  const info = new Map<string, GraphInfo>();
  const sessions: ort.InferenceSession[] = [];
  beforeAll(async () => {
    for (const [k, p] of Object.entries(files)) {
      const s = await ort.InferenceSession.create(p);
      sessions.push(s);
      info.set(k, sessionGraphInfo(s, k));
    }
  });
  afterAll(async () => {
    for (const s of sessions) await s.release();
  });
  const get = (k: string): GraphInfo => info.get(k) as GraphInfo;

  it('identifies each graph', () => {
    const kinds = Object.keys(files).map((k) => {
      const r = recogniseGraph(get(k));
      return r.ok ? r.kind : r.message;
    });
    expect(kinds).toEqual([
      'sam2-encoder',
      'sam2-decoder',
      'sam2-decoder-orig-size',
      'depth-transformersjs',
      'depth-standalone',
    ]);
    expect(staticInputSize(get('depth518'))).toEqual({ width: 518, height: 518 });
    expect(staticInputSize(get('depthJs'))).toBeNull();
  });

  it('pairs encoder + decoder (7 or 8 inputs) into the sam2-encoder-decoder contract', () => {
    for (const dec of ['decoder', 'decoder8']) {
      const r = recogniseModel([get('encoder'), get(dec)]);
      expect(r.ok && r.model.contract).toBe('sam2-encoder-decoder');
    }
  });

  it('refuses a decoder without its encoder, and mixed contracts, naming both', () => {
    const alone = recogniseModel([get('decoder')]);
    expect(alone.ok).toBe(false);
    if (!alone.ok) expect(alone.message).toMatch(/expected encoder \+ decoder.*missing encoder/);
    const mixed = recogniseModel([get('encoder'), get('depthJs')]);
    expect(mixed.ok).toBe(false);
    if (!mixed.ok) expect(mixed.message).toContain('encoder=sam2-encoder');
  });

  it('runners refuse a graph of the wrong kind with the expected/found message', async () => {
    await expect(DepthRunner.open(files.encoder)).rejects.toThrow(/not a depth model/);
    await expect(Sam2Runner.open(files.depthJs, files.decoder)).rejects.toThrow(/different contracts/);
    await expect(
      Sam2Runner.open(files.encoder, join(FIX, 'svd', 'pack', 'vae_decoder.onnx')),
    ).rejects.toThrow(/found inputs \[latents\]/);
  });
});

describe('graph recognition messages (synthetic graphs)', () => {
  const enc = (dims: number[]): GraphInfo => ({
    label: 'enc.onnx',
    inputs: [{ name: 'image', dims: [1, 3, 1024, 1024] }],
    outputs: [
      { name: 'high_res_feats_0', dims: [1, 32, 256, 256] },
      { name: 'high_res_feats_1', dims: [1, 64, 128, 128] },
      { name: 'image_embed', dims },
    ],
  });

  it('right names, wrong static shape: names the tensor, expected and found dims', () => {
    const r = recogniseGraph(enc([1, 128, 64, 64]));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.message).toBe(
        'enc.onnx: looks like sam2-encoder but has wrong shapes: output image_embed: expected [1,256,64,64], found [1,128,64,64]',
      );
  });

  it('symbolic dims are accepted', () => {
    expect(recogniseGraph(enc([1, 256, 'h', 'w'] as unknown as number[])).ok).toBe(true);
  });

  it('a decoder missing has_mask_input: names the closest contract, what is missing and what was found', () => {
    const r = recogniseGraph({
      label: 'dec.onnx',
      inputs: [
        'image_embed',
        'high_res_feats_0',
        'high_res_feats_1',
        'point_coords',
        'point_labels',
        'mask_input',
      ].map((name) => ({ name })),
      outputs: [{ name: 'masks' }, { name: 'iou_predictions' }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('expected sam2-decoder: inputs high_res_feats_0[1,32,256,256]');
      expect(r.message).toContain('missing has_mask_input');
      expect(r.message).toContain('found inputs [image_embed, high_res_feats_0');
    }
  });

  it('SAM v1 decoder and transformers.js SAM2 are told apart', () => {
    const v1 = recogniseGraph({
      label: 'sam_vit_b.onnx',
      inputs: [
        'image_embeddings',
        'point_coords',
        'point_labels',
        'mask_input',
        'has_mask_input',
        'orig_im_size',
      ].map((name) => ({ name })),
      outputs: ['masks', 'iou_predictions', 'low_res_masks'].map((name) => ({ name })),
    });
    expect(v1.ok && v1.contract).toBe('sam-v1');
    const tjs = recogniseModel([
      {
        label: 'vision_encoder.onnx',
        inputs: [{ name: 'pixel_values' }],
        outputs: ['image_embeddings.0', 'image_embeddings.1', 'image_embeddings.2'].map((name) => ({ name })),
      },
      {
        label: 'prompt_encoder_mask_decoder.onnx',
        inputs: [
          'image_embeddings.0',
          'image_embeddings.1',
          'image_embeddings.2',
          'input_points',
          'input_labels',
          'input_boxes',
        ].map((name) => ({ name })),
        outputs: ['iou_scores', 'pred_masks', 'object_score_logits'].map((name) => ({ name })),
      },
    ]);
    expect(tjs.ok && tjs.model.contract).toBe('sam2-transformersjs');
  });

  it('an unrelated graph is refused as unknown', () => {
    const r = recogniseGraph({ label: 'x.onnx', inputs: [{ name: 'foo' }], outputs: [{ name: 'bar' }] });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.message).toBe(
        'x.onnx: not a known segmentation or depth graph (found inputs [foo] -> outputs [bar])',
      );
  });
});
