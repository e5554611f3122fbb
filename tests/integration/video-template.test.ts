import { describe, expect, it } from 'vitest';
import { findVideoTemplate } from '../../src-main/services/models/videopack/hubInstall';
import { loadVideoTemplate } from '../../src-main/services/models/videopack/template';

// The template the studio ships for levitor-svd-xt (tools/export/svd/make_template.py): it must name the
// catalogue's files and the published architecture (a 1.5 B UNet, 0.68 B ControlNet).
describe('shipped video model template', () => {
  it('names the published files, dtypes and sizes', async () => {
    const dir = findVideoTemplate('fp32');
    expect(dir).toBeDefined();
    const t = await loadVideoTemplate(dir!);
    const params = (k: string): number =>
      Object.values({ ...t.sources[k]!.tensors, ...t.sources[k]!.unused }).reduce(
        (s, x) => s + x.shape.reduce((a, b) => a * b, 1),
        0,
      );
    expect(t.sources['unet']!.file).toBe(
      'stable-video-diffusion-img2vid-xt/unet/diffusion_pytorch_model.fp16.safetensors',
    );
    expect(t.sources['controlnet']!.file).toBe('LeviTor/controlnet/diffusion_pytorch_model.safetensors');
    expect(Object.values(t.sources['unet']!.tensors).every((x) => x.dtype === 'F16')).toBe(true);
    expect(Object.values(t.sources['controlnet']!.tensors).every((x) => x.dtype === 'F32')).toBe(true);
    expect(params('unet') / 1e9).toBeCloseTo(1.52, 1);
    expect(params('controlnet') / 1e9).toBeCloseTo(0.68, 1);
    expect(t.sources['unet']!.configValues['num_attention_heads']).toEqual([5, 10, 20, 20]);
    expect(t.pack['graphSemantics']).toBe(2);
  });
});
