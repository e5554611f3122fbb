import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readOnnxGraphInfo } from '../../src-main/services/models/onnxGraphInfo';
import { ModelService } from '../../src-main/services/models/service';

let tmp: string;
let service: ModelService;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'levitor-recog-'));
  service = new ModelService({ modelsDir: join(tmp, 'models') });
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function folderOf(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(tmp, name);
  await mkdir(dir, { recursive: true });
  for (const [to, from] of Object.entries(files)) await copyFile(from, join(dir, to));
  return dir;
}

describe('contract recognition from ONNX names (committed tiny real-architecture graphs)', () => {
  it('reads input/output names and dims without onnxruntime', async () => {
    const g = await readOnnxGraphInfo('tests/fixtures/sam2/decoder_orig_size.onnx');
    expect(g.inputs.map((v) => v.name)).toEqual([
      'image_embed',
      'high_res_feats_0',
      'high_res_feats_1',
      'point_coords',
      'point_labels',
      'mask_input',
      'has_mask_input',
      'orig_im_size',
    ]);
    expect(g.inputs[0]!.dims).toEqual([1, 256, 64, 64]);
    expect(g.outputs.map((v) => v.name)).toEqual(['masks', 'iou_predictions']);
    const d = await readOnnxGraphInfo('tests/fixtures/depth/depth_anything_v2_518.onnx');
    expect(d.inputs).toEqual([{ name: 'image', dims: [1, 3, 518, 518], elemType: 1 }]);
  });

  it('installs SAM2 encoder+decoder and both Depth Anything styles with no --contract', async () => {
    const sam = await service.install({
      source: await folderOf('sam', {
        'encoder.onnx': 'tests/fixtures/sam2/encoder.onnx',
        'decoder.onnx': 'tests/fixtures/sam2/decoder.onnx',
      }),
    });
    expect(sam.manifest).toMatchObject({ contract: 'sam2-encoder-decoder', role: 'segmentation' });
    const tjs = await service.install({
      source: await folderOf('dav2', { 'model.onnx': 'tests/fixtures/depth/model.onnx' }),
    });
    expect(tjs.manifest.contract).toBe('depth-anything-v2-transformersjs');
    const std = await service.install({
      source: await folderOf('dav2-518', { 'depth.onnx': 'tests/fixtures/depth/depth_anything_v2_518.onnx' }),
    });
    expect(std.manifest).toMatchObject({ contract: 'depth-anything-v2-standalone', role: 'depth' });
  });

  it('refuses a lone decoder and a non-ONNX file with messages naming what was expected and found', async () => {
    const lone = service.install({
      source: await folderOf('dec', { 'decoder.onnx': 'tests/fixtures/sam2/decoder.onnx' }),
    });
    await expect(lone).rejects.toMatchObject({
      code: 'unrecognized',
      message: /expected encoder \+ decoder.*missing encoder/,
    });
    const junk = join(tmp, 'junk');
    await mkdir(junk);
    await writeFile(join(junk, 'model.onnx'), 'this is not a protobuf at all, just text');
    await expect(service.install({ source: junk })).rejects.toMatchObject({
      code: expect.stringMatching(/invalid|unrecognized/),
    });
    expect((await readdir(join(tmp, 'models'))).sort()).toEqual([]);
  });
});
