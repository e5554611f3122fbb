import { afterEach, describe, expect, it } from 'vitest';
import { loadSvdPack } from '../../src-main/inference/models/svd/manifest';
import { svdParamsSchema } from '../../src-main/inference/models/svd/params';
import { generateSvd, type SvdRunner } from '../../src-main/inference/models/svd/pipeline';
import type { SvdPhase } from '../../src-main/inference/models/svd/phases';
import { SvdSessions, type SvdMemoryPolicy } from '../../src-main/inference/models/svd/runner';
import { svdSessionOptions } from '../../src-main/inference/models/svd/sessionOptions';
import { SVD_TINY_PACK, loadSvdGoldens } from '../golden/svdGoldens';

// The sessions' memory policy (runner.ts) on the tiny pack with real onnxruntime-node: which sessions are
// still open when each phase ends, and that releasing them changes no pixel.
const gold = loadSvdGoldens();
const input = { image01: gold.get('image'), control: gold.get('control') };
const params = svdParamsSchema.parse({ seed: 3, steps: 2 });
const pack = loadSvdPack(SVD_TINY_PACK);
const opened: SvdSessions[] = [];

async function open(memory?: SvdMemoryPolicy, providers?: string[]): Promise<SvdSessions> {
  const s = await SvdSessions.open(pack, providers, memory ? { memory } : {});
  opened.push(s);
  return s;
}

/** One generation; records the graphs still open after each phaseDone. */
async function generate(s: SvdSessions): Promise<{ frames: number[]; open: Record<string, string[]> }> {
  const open: Record<string, string[]> = {};
  const runner: SvdRunner = {
    run: (name, feeds) => s.run(name, feeds),
    phaseDone: async (phase: SvdPhase) => {
      await s.phaseDone(phase);
      open[phase] = s.openGraphs();
    },
  };
  const r = await generateSvd(runner, pack.manifest, input, params);
  return { frames: Array.from(r.frames01), open };
}

afterEach(async () => {
  for (const s of opened.splice(0)) await s.release();
});

// Opening the tiny denoiser costs ~2 s of CPU: three opens in all, reopening is shown on the encoders.
describe('svd sessions memory policy (real onnxruntime-node, tiny pack)', () => {
  let perPhaseFrames: number[] = [];

  it('per-phase (the default) closes each phase’s sessions when it ends; a released graph reopens when run', async () => {
    const s = await open();
    expect(s.memory).toBe('per-phase');
    expect(s.openGraphs()).toEqual(['imageEncoder', 'vaeEncoder', 'denoiser', 'vaeDecoder']);
    const r = await generate(s);
    expect(r.open).toEqual({ encode: ['denoiser', 'vaeDecoder'], denoise: ['vaeDecoder'], decode: [] });
    perPhaseFrames = r.frames;
    const pixels = { data: new Float32Array(3 * 224 * 224), dims: [1, 3, 224, 224] };
    expect(await s.run('imageEncoder', { pixel_values: pixels })).toHaveLength(pack.manifest.imageEmbedDim);
    expect(s.openGraphs()).toEqual(['imageEncoder']);
  });

  it('per-job keeps all four open until release(), with the same frames as per-phase', async () => {
    const s = await open('per-job');
    const r = await generate(s);
    for (const p of ['encode', 'denoise', 'decode'])
      expect(r.open[p]).toEqual(['imageEncoder', 'vaeEncoder', 'denoiser', 'vaeDecoder']);
    expect(perPhaseFrames).toHaveLength(r.frames.length);
    expect(r.frames).toEqual(perPhaseFrames);
    await s.release();
    expect(s.openGraphs()).toEqual([]);
    await expect(s.run('imageEncoder', {})).rejects.toThrow(/released/);
    expect(s.openGraphs()).toEqual([]);
  });

  it('sessions: no memory pattern; no CPU arena except for the denoiser (run every step)', () => {
    for (const g of ['imageEncoder', 'vaeEncoder', 'vaeDecoder'] as const)
      expect(svdSessionOptions(g, ['cuda', 'cpu'])).toEqual({
        executionProviders: ['cuda', 'cpu'],
        enableMemPattern: false,
        enableCpuMemArena: false,
      });
    expect(svdSessionOptions('denoiser', ['cpu'])).toEqual({
      executionProviders: ['cpu'],
      enableMemPattern: false,
    });
  });

  it('passes the options to onnxruntime (a bench may pass its own)', async () => {
    // an option onnxruntime-node refuses proves the function's result reaches it (fails on the first graph)
    const sessionOptions = () => ({ executionProviders: ['cpu'], graphOptimizationLevel: 'bogus' as 'all' });
    await expect(SvdSessions.open(pack, ['cpu'], { sessionOptions })).rejects.toThrow(
      /graphOptimizationLevel/,
    );
  });

  it('reopens on the providers it settled on (a CPU fallback stays CPU)', async () => {
    const s = await open('per-phase', ['cuda']);
    await s.phaseDone('encode');
    expect(s.openGraphs()).toEqual(['denoiser', 'vaeDecoder']);
    const latent = await s.run('vaeEncoder', {
      image: {
        data: input.image01,
        dims: [1, 3, pack.manifest.resolution.height, pack.manifest.resolution.width],
      },
    });
    expect(latent).toHaveLength(4 * pack.manifest.latent.height * pack.manifest.latent.width);
    if (s.providers[0] !== 'cuda') expect(s.providers).toEqual(['cpu']);
  });
});
