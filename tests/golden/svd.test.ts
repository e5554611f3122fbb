import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resizeWithAntialiasing } from '../../src-shared/diffusion/antialiasResize';
import { karrasSigmas, modelTimesteps } from '../../src-shared/diffusion/scheduler';
import { loadSvdPack } from '../../src-main/inference/models/svd/manifest';
import { generateSvd } from '../../src-main/inference/models/svd/pipeline';
import { SvdSessions } from '../../src-main/inference/models/svd/runner';
import { SVD_TINY_PACK, goldenParams, loadSvdGoldens, maxAbs, maxAbsDiff } from './svdGoldens';

// Parity of the TypeScript SVD + LeviTor ControlNet pipeline (real onnxruntime-node on the tiny pack)
// with the PyTorch reference loop (tools/export/svd/reference.py) run on LeviTor's own library versions
// (diffusers 0.24.0: its temporal-context order, issue 11). Figures are printed for the report.
const gold = loadSvdGoldens();
const report: Record<string, string> = {};
const note = (k: string, v: number): void => {
  report[k] = v.toExponential(2);
};

describe('svd golden parity (tiny pack)', () => {
  it("goldens come from the reference's pinned diffusers, not the exporter's", () => {
    expect(gold.reference['diffusers']).toBe('0.24.0');
  });

  it('scheduler: 25-step sigmas and timesteps', () => {
    const s = karrasSigmas(25);
    const t = modelTimesteps(s);
    const ds = maxAbsDiff(s, gold.get('sigmas25'));
    const dt = maxAbsDiff(t, gold.get('timesteps25'));
    note('sigmas25', ds);
    note('timesteps25', dt);
    expect(ds).toBeLessThanOrEqual(1e-6 * 700); // float32 ulp-level at sigma_max
    expect(dt).toBeLessThanOrEqual(1e-6);
  });

  it('anti-aliased resize 512x288 -> 224 (a real shrink)', () => {
    const src = new Float32Array(2 * 512 * 288);
    for (let y = 0; y < 512; y++) {
      for (let x = 0; x < 288; x++) {
        src[y * 288 + x] = ((y * 31 + x * 17) % 97) / 48 - 1;
        src[512 * 288 + y * 288 + (287 - x)] = ((y * 31 + x * 17) % 97) / 48 - 1;
      }
    }
    const d = maxAbsDiff(resizeWithAntialiasing(src, 2, 512, 288, 224, 224), gold.get('resize_512x288'));
    note('resize512x288', d);
    expect(d).toBeLessThan(1e-5);
  });

  describe('full loop with injected noise', () => {
    const taps = new Map<string, Float32Array>();
    let sessions: SvdSessions;
    beforeAll(async () => {
      const pack = loadSvdPack(SVD_TINY_PACK);
      sessions = await SvdSessions.open(pack);
      const m = gold.meta;
      const params = goldenParams(m);
      await generateSvd(
        sessions,
        pack.manifest,
        {
          image01: gold.get('image'),
          control: gold.get('control'),
          augNoise: gold.get('aug_noise'),
          initNoise: gold.get('init_noise'),
        },
        params,
        { onTensor: (name, data) => taps.set(name, Float32Array.from(data)) },
      );
    });
    afterAll(async () => {
      await sessions.release();
      console.log('svd parity (max abs diff):', JSON.stringify(report));
    });

    const check = (name: string, tol: number): void => {
      const got = taps.get(name);
      expect(got, name).toBeDefined();
      const want = gold.get(name);
      const d = maxAbsDiff(got ?? new Float32Array(), want);
      note(name, d);
      expect(d, `${name} (max |ref| ${maxAbs(want).toFixed(3)})`).toBeLessThanOrEqual(tol);
    };

    it('CLIP input, image embeds, image latent', () => {
      check('clip_input', 1e-5);
      check('image_embeds', 1e-4);
      check('image_latent', 1e-4);
    });
    it('loop sigmas/timesteps and initial latents', () => {
      check('sigmas', 1e-6 * 700);
      check('timesteps', 1e-6);
      check('latents_init', 1e-3);
    });
    it('latents after every step', () => {
      for (let i = 0; i < (gold.meta['steps'] ?? 0); i++) check(`latents_step${i}`, 1e-3);
    });
    it('final frames before quantisation', () => {
      check('frames', 1e-3);
    });
  });
});
