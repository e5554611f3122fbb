import { describe, expect, it } from 'vitest';
import { findVideoTemplate } from '../../src-main/services/models/videopack/hubInstall';
import { loadVideoTemplate } from '../../src-main/services/models/videopack/template';

// The template the studio ships for levitor-svd-xt (tools/export/svd/make_template.py): it must name the
// catalogue's files and the published architecture (a 1.5 B UNet, 0.68 B ControlNet).
describe.each(['fp32', 'fp16'] as const)('shipped video model template (%s)', (precision) => {
  it('names the published files, dtypes and sizes', async () => {
    const dir = findVideoTemplate(precision);
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
    // the graphs compute in the template's precision, except the VAE encoder: float32 in both (the
    // reference upcasts the VAE for encoding)
    const graphs = t.pack['graphs'] as unknown as Record<string, { precision: string }>;
    expect(Object.fromEntries(Object.entries(graphs).map(([k, g]) => [k, g.precision]))).toEqual({
      imageEncoder: precision,
      vaeEncoder: 'fp32',
      denoiser: precision,
      vaeDecoder: precision,
    });
  });

  it('reads every published tensor in its own place (no two layers sharing one weight)', async () => {
    // torch.onnx.export merges equal initializers; traced with equal stand-in weights, CLIP's 32 layers
    // once read layer 0's weights and 512 of its 520 tensors were listed as unused (published.py).
    const t = await loadVideoTemplate(findVideoTemplate(precision)!);
    const counts: Record<string, number> = {};
    for (const [k, s] of Object.entries(t.sources)) {
      expect(Object.keys(s.unused), k).toEqual([]);
      counts[k] = Object.keys(s.tensors).length;
    }
    // tensor counts of the files save_pretrained writes at the published configs (fullsize.py weights)
    expect(counts).toEqual({ image_encoder: 520, vae: 374, unet: 1428, controlnet: 671 });
  });
});
