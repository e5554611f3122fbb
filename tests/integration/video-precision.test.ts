import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSvdPack, type SvdGraphName } from '../../src-main/inference/models/svd/manifest';
import * as ort from 'onnxruntime-node';
import { createCheckedSession } from '../../src-main/inference/checkedSession';
import { ModelService } from '../../src-main/services/models/service';
import type { ProvidersSeen } from '../../src-shared/models/videoPrecision';
import { maxAbs, maxAbsDiff } from '../golden/svdGoldens';
import { HUB_MODELS, HUB_TEMPLATE, HUB_TEMPLATE_FP16, UNET } from '../support/svdHub';

// The video model's precision follows the execution provider generation will use: float16 graphs for a
// GPU, float32 for the CPU, --precision forcing one. Tiny hub checkpoints, the real install path.
const SHAPE = { width: 72, height: 80, frames: 4, decodeChunk: 2 };
const SVD = 'stable-video-diffusion-img2vid-xt';

describe('video model precision at install', () => {
  let root: string;
  let checkpoints: string;
  const install = (dir: string, probe: () => Promise<ProvidersSeen>, precision?: 'fp16' | 'fp32') =>
    new ModelService({
      modelsDir: join(root, dir),
      videoTemplateDir: (p) => (p === 'fp16' ? HUB_TEMPLATE_FP16 : HUB_TEMPLATE),
      executionProviders: probe,
    }).install({ source: 'levitor-svd-xt', from: checkpoints, shape: SHAPE, precision });
  const packOf = async (dir: string) =>
    JSON.parse(await readFile(join(root, dir, 'levitor-svd-xt', 'files', 'manifest.json'), 'utf8')) as {
      precision: Record<string, unknown>;
      graphs: Record<string, { precision?: string }>;
    };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'video-precision-'));
    checkpoints = join(root, 'checkpoints');
    await cp(HUB_MODELS, checkpoints, { recursive: true }); // same disk as the models: hard links
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('installs float16 graphs for CUDA, the weights used in place, and records why', async () => {
    const m = await install('gpu', async () => ({ active: 'cuda' }));
    const pack = await packOf('gpu');
    expect(pack.precision).toMatchObject({
      weights: 'fp16',
      io: 'float32',
      provider: 'cuda',
      chosenBy: 'provider',
    });
    // the reference upcasts the VAE for encoding (force_upcast): that graph stays float32
    expect(pack.graphs['vaeEncoder']?.precision).toBe('fp32');
    expect(pack.graphs['denoiser']?.precision).toBe('fp16');
    expect(m.manifest.extras?.['videoPrecision']).toMatchObject({ weights: 'fp16', provider: 'cuda' });
    const files = join(root, 'gpu', 'levitor-svd-xt', 'files');
    expect((await stat(join(files, SVD, UNET))).ino).toBe((await stat(join(checkpoints, SVD, UNET))).ino);
  });

  it('installs float32 graphs for the CPU, and when the provider cannot be asked', async () => {
    await install('cpu', async () => ({ active: 'cpu' }));
    expect((await packOf('cpu')).precision).toMatchObject({ weights: 'fp32', provider: 'cpu' });
    await install('noprobe', () => Promise.reject(new Error('host did not start')));
    const p = (await packOf('noprobe')).precision;
    expect(p).toMatchObject({ weights: 'fp32', provider: null });
    expect(p['reason']).toMatch(/host did not start/);
  });

  it('falls back to float32 for a GPU when the build ships no float16 template, and says so', async () => {
    const m = await new ModelService({
      modelsDir: join(root, 'nofp16'),
      videoTemplateDir: (p) => (p === 'fp16' ? undefined : HUB_TEMPLATE),
      executionProviders: async () => ({ active: 'cuda' }),
    }).install({ source: 'levitor-svd-xt', from: checkpoints, shape: SHAPE });
    const p = (await packOf('nofp16')).precision;
    expect(p).toMatchObject({ weights: 'fp32', provider: 'cuda' });
    expect(p['reason']).toMatch(/ships no float16 template/);
    expect(m.manifest.extras?.['videoPrecision']).toMatchObject({ weights: 'fp32' });
  });

  it('keeps --precision whatever the provider', async () => {
    await install('forced', async () => ({ active: 'cpu' }), 'fp16');
    expect((await packOf('forced')).precision).toMatchObject({ weights: 'fp16', chosenBy: 'asked' });
  });

  it('runs the float16 graphs on the CPU provider close to the float32 ones', async () => {
    // 'gpu' and 'cpu' were installed by the tests above from the same checkpoints. One session per graph
    // (the denoiser's takes minutes to optimise on a loaded 2-core machine: tools/ci.d/svd-fp16.sh).
    const half = loadSvdPack(join(root, 'gpu', 'levitor-svd-xt', 'files'));
    const full = loadSvdPack(join(root, 'cpu', 'levitor-svd-xt', 'files'));
    let seed = 1;
    const rand = (n: number) =>
      Float32Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
    const cases: [SvdGraphName, string, number[]][] = [
      ['imageEncoder', 'pixel_values', [1, 3, 224, 224]],
      ['vaeEncoder', 'image', [1, 3, 80, 72]],
      ['vaeDecoder', 'latents', [2, 4, 10, 9]],
    ];
    for (const [graph, input, dims] of cases) {
      const x = new ort.Tensor('float32', rand(dims.reduce((a, b) => a * b, 1)), dims);
      const run = async (path: string) => {
        const s = await createCheckedSession(path, { executionProviders: ['cpu'] });
        try {
          return (await s.run({ [input]: x }))[s.outputNames[0]!]!.data as Float32Array;
        } finally {
          await s.release();
        }
      };
      const a = await run(half.graphPath(graph));
      const b = await run(full.graphPath(graph));
      const d = maxAbsDiff(a, b);
      console.log(
        `${graph}: fp16 vs fp32 pack, max abs diff ${d.toExponential(2)} (max |y| ${maxAbs(b).toFixed(3)})`,
      );
      expect(Number.isFinite(d), graph).toBe(true);
      // float16 keeps 11 significant bits; the VAE encoder computes in float32 in both packs
      expect(d, graph).toBeLessThanOrEqual((graph === 'vaeEncoder' ? 1e-5 : 2e-2) * Math.max(1, maxAbs(b)));
      if (graph !== 'vaeEncoder') expect(d, `${graph} computes in float16`).toBeGreaterThan(0);
    }
  }, 60_000);
});
