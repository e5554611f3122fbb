import { mkdtemp, readFile, rm, stat, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSvdPack, type SvdGraphName } from '../../src-main/inference/models/svd/manifest';
import { generateSvd, type SvdRunner } from '../../src-main/inference/models/svd/pipeline';
import { SvdSessions, type NamedTensor } from '../../src-main/inference/models/svd/runner';
import { ModelRegistry } from '../../src-main/services/models/registry';
import { installVideoFromDir } from '../../src-main/services/models/videopack/install';
import {
  SVD_FIXTURES,
  SVD_TINY_PACK,
  goldenParams,
  loadSvdGoldens,
  maxAbs,
  maxAbsDiff,
} from '../golden/svdGoldens';

// The tiny checkpoints in the hub's layout (tools/export/svd/make_tiny_hub.py, same random weights as
// the tiny pack) installed through the studio's own path: safetensors headers checked, graphs written
// with their weights pointing into the safetensors files. The pack must compute what the exporter's
// pack computes, and match the PyTorch goldens.
const HUB = join(SVD_FIXTURES, 'hub');
const TEMPLATE = join(HUB, 'template');
const licence = { spdx: 'Apache-2.0', redistributable: true };
const opts = (id: string) => ({
  templateDir: TEMPLATE,
  shape: { width: 72, height: 80, frames: 4, decodeChunk: 2 },
  id,
  name: id,
  licence,
  source: { kind: 'local' as const, repo: 'fixture' },
});

describe('video model install from hub checkpoints (tiny)', () => {
  let root: string;
  let work: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'video-install-'));
    work = join(root, 'checkpoints');
    await cp(join(HUB, 'models'), work, { recursive: true }); // same disk as the models folder: links
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('links the weights in place and reproduces the exporter pack and the PyTorch goldens', async () => {
    const registry = new ModelRegistry(join(root, 'models'));
    const m = await installVideoFromDir(registry, work, opts('video'));
    const files = registry.filesDir(m.manifest.id);
    const unet = 'stable-video-diffusion-img2vid-xt/unet/diffusion_pytorch_model.fp16.safetensors';
    const a = await stat(join(files, unet));
    const b = await stat(join(work, unet));
    expect(a.ino).toBe(b.ino); // the same file, not a copy
    // Graph files hold no weights: each is smaller than the template graph plus a few bytes a weight.
    for (const g of ['denoiser.onnx', 'vae_decoder.onnx']) {
      expect((await stat(join(files, g))).size).toBeLessThan((await stat(join(TEMPLATE, g))).size * 1.2);
    }
    const pack = loadSvdPack(files);
    const ours = await SvdSessions.open(pack);
    const theirs = await SvdSessions.open(loadSvdPack(SVD_TINY_PACK));
    try {
      const gold = loadSvdGoldens();
      // Our pack through the whole loop against the PyTorch goldens; each graph's first call is replayed
      // on the exporter's pack (same feeds) to compare the two packs graph by graph.
      const taps = new Map<string, Float32Array>();
      const firstCalls = new Map<SvdGraphName, { feeds: Record<string, NamedTensor>; out: Float32Array }>();
      const recording: SvdRunner = {
        run: async (name, feeds) => {
          const out = await ours.run(name, feeds);
          if (!firstCalls.has(name)) {
            // copies: the pipeline reuses its buffers from step to step
            const copy = Object.fromEntries(
              Object.entries(feeds).map(([k, t]) => [
                k,
                { data: Float32Array.from(t.data), dims: [...t.dims] },
              ]),
            );
            firstCalls.set(name, { feeds: copy, out: Float32Array.from(out) });
          }
          return out;
        },
      };
      const m = gold.meta;
      await generateSvd(
        recording,
        pack.manifest,
        {
          image01: gold.get('image'),
          control: gold.get('control'),
          augNoise: gold.get('aug_noise'),
          initNoise: gold.get('init_noise'),
        },
        goldenParams(m),
        { onTensor: (name, data) => taps.set(name, Float32Array.from(data)) },
      );
      const figures: Record<string, string> = {};
      for (const [name, call] of firstCalls) {
        const d = maxAbsDiff(call.out, await theirs.run(name, call.feeds));
        figures[`${name} vs exporter pack`] = d.toExponential(2);
        // float rounding only: the template leaves sizes dynamic, so ORT orders some reductions differently
        expect(d, name).toBeLessThanOrEqual(1e-5 * Math.max(1, maxAbs(call.out)));
      }
      // Same tolerances as the exporter pack's own golden test (tests/golden/svd.test.ts).
      const tolerances: [string, number][] = [
        ['image_embeds', 1e-4],
        ['image_latent', 1e-4],
        ...Array.from({ length: m['steps'] ?? 0 }, (_, i): [string, number] => [`latents_step${i}`, 1e-3]),
        ['frames', 1e-3],
      ];
      for (const [name, tol] of tolerances) {
        const got = taps.get(name);
        expect(got, name).toBeDefined();
        const d = maxAbsDiff(got!, gold.get(name));
        figures[`${name} vs torch`] = d.toExponential(2);
        expect(d, name).toBeLessThanOrEqual(tol);
      }
      console.log('hub install parity (max abs diff):', JSON.stringify(figures));
    } finally {
      await ours.release();
      await theirs.release();
    }
  }, 300_000); // two packs' sessions and a 4-step loop: ~30 s on an idle 2-core machine

  it('names a missing, an unexpected and a mis-shaped tensor, and a changed config value', async () => {
    const bad = join(root, 'bad');
    await cp(join(HUB, 'models'), bad, { recursive: true });
    const cn = join(bad, 'LeviTor/controlnet/diffusion_pytorch_model.safetensors');
    await writeFile(
      cn,
      await renameTensorInFile(cn, 'controlnet_mid_block.bias', 'controlnet_mid_block.bias_x'),
    );
    const cfg = join(bad, 'stable-video-diffusion-img2vid-xt/unet/config.json');
    const c = JSON.parse(await readFile(cfg, 'utf8')) as Record<string, unknown>;
    await writeFile(cfg, JSON.stringify({ ...c, num_attention_heads: [2, 2, 2, 2] }));
    const registry = new ModelRegistry(join(root, 'models-bad'));
    const err = installVideoFromDir(registry, bad, opts('bad'));
    await expect(err).rejects.toThrow(/1 missing tensor\(s\): controlnet_mid_block\.bias[;,]/);
    await expect(installVideoFromDir(registry, bad, opts('bad'))).rejects.toThrow(
      /unexpected tensor\(s\): controlnet_mid_block\.bias_x/,
    );
    await expect(installVideoFromDir(registry, bad, opts('bad'))).rejects.toThrow(
      /num_attention_heads is \[2,2,2,2\]/,
    );
    expect((await registry.list()).models).toHaveLength(0);
  });
});

/** Same file with one tensor renamed in its JSON header (same length name keeps offsets valid). */
async function renameTensorInFile(path: string, from: string, to: string): Promise<Buffer> {
  const buf = await readFile(path);
  const len = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + len).toString('utf8')) as Record<string, unknown>;
  header[to] = header[from];
  delete header[from];
  const json = Buffer.from(JSON.stringify(header));
  const pad = Buffer.alloc((8 - (json.length % 8)) % 8, 0x20);
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(json.length + pad.length));
  return Buffer.concat([head, json, pad, buf.subarray(8 + len)]);
}
