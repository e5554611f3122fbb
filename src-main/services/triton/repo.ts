import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { loadSvdPack, type SvdGraphName } from '../../inference/models/svd/manifest';
import { packIdentity } from '../../inference/models/svd/identity';
import { ModelError, throwIfAborted } from '../models/errors';
import { generateConfig, graphConfig, type GraphBackend, type TensorRtOptions } from './config';
import { readPackGraphIo, type GraphIo } from './graphIo';
import { placeFile, REPO_MARKER, writeAtomically, type Placement } from './place';

/** Triton model names of the pack's graphs (docs/triton.md). */
export const TRITON_GRAPH_MODELS: Readonly<Record<SvdGraphName, string>> = {
  imageEncoder: 'levitor_image_encoder',
  vaeEncoder: 'levitor_vae_encoder',
  denoiser: 'levitor_denoiser',
  vaeDecoder: 'levitor_vae_decoder',
};
export const TRITON_GENERATE_MODEL = 'levitor_generate';
const GENERATE_FILES = ['model.py', 'levitor_pipeline.py', 'levitor_sampling.py'];

export interface TritonRepoOptions {
  packDir: string;
  outDir: string;
  graphs?: GraphBackend | undefined;
  tensorrt?: TensorRtOptions | undefined;
  /** Shown by the server as `pack_id` (the installed model's id); default: the pack folder's name. */
  packId?: string | undefined;
  /** levitor_generate instances: takes the server runs at once (default 2). */
  instances?: number | undefined;
  /** resources/triton/python (default: found beside the app or the checkout). */
  templatesDir?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface TritonRepoResult {
  outDir: string;
  packSha256: string;
  graphs: GraphBackend;
  models: string[];
  /** How each graph file got into the repository, by its path there. */
  files: { path: string; placement: Placement }[];
}

/** resources/triton/python beside the app (packaged: extraResources "triton") or up from this module. */
export function findTritonTemplates(from = import.meta.dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 7; i++) {
    for (const c of [join(dir, 'resources', 'triton', 'python'), join(dir, 'triton', 'python')]) {
      if (existsSync(join(c, 'levitor_generate', 'model.py'))) return c;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

function isInside(parent: string, child: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !r.startsWith(sep) && !/^[a-zA-Z]:/.test(r));
}

async function writeGraphModel(
  root: string,
  g: GraphIo,
  o: TritonRepoOptions & { graphs: GraphBackend; templates: string },
): Promise<TritonRepoResult['files']> {
  const name = TRITON_GRAPH_MODELS[g.role];
  const file = basename(g.path);
  const version = join(root, name, '1');
  await mkdir(version, { recursive: true });
  const files: TritonRepoResult['files'] = [];
  // External weights are named relative to the graph's folder (checked to stay inside it).
  for (const rel of [file, ...g.externalData]) {
    throwIfAborted(o.signal);
    const placement = await placeFile(join(dirname(g.path), rel), join(version, rel));
    files.push({ path: `${name}/1/${rel}`, placement });
  }
  if (o.graphs === 'python')
    await copyFile(join(o.templates, 'onnx_graph', 'model.py'), join(version, 'model.py'));
  const config = graphConfig({
    name,
    file,
    inputs: g.inputs,
    outputs: g.outputs,
    backend: o.graphs,
    tensorrt: o.tensorrt,
  });
  await writeFile(join(root, name, 'config.pbtxt'), config);
  return files;
}

/**
 * `levitor models triton-repo`: a Triton model repository serving the video pack (docs/triton.md). The
 * graph configs come from the graph files' own headers; the folder is written whole or not at all.
 */
export async function writeTritonRepo(opts: TritonRepoOptions): Promise<TritonRepoResult> {
  const graphs = opts.graphs ?? 'onnxruntime';
  if (graphs === 'python' && opts.tensorrt)
    throw new ModelError('invalid', 'TensorRT applies to the onnxruntime graphs, not to --graphs python');
  const instances = opts.instances ?? 2;
  if (!Number.isInteger(instances) || instances < 1 || instances > 16)
    throw new ModelError('invalid', `instances must be a whole number from 1 to 16, not ${instances}`);
  const packDir = resolve(opts.packDir);
  const outDir = resolve(opts.outDir);
  if (isInside(packDir, outDir) || isInside(outDir, packDir))
    throw new ModelError('invalid', `the repository folder ${outDir} must be outside the pack ${packDir}`);
  const templates = opts.templatesDir ?? findTritonTemplates();
  if (!templates)
    throw new ModelError('invalid', 'this build of the studio ships no Triton templates (resources/triton)');
  const pack = loadSvdPack(packDir);
  const packSha256 = await packIdentity(packDir);
  const io = await readPackGraphIo(pack);
  const m = pack.manifest;
  const files: TritonRepoResult['files'] = [];
  const o = { ...opts, graphs, templates };
  const ours = new Set([REPO_MARKER, TRITON_GENERATE_MODEL, ...Object.values(TRITON_GRAPH_MODELS)]);
  await writeAtomically(outDir, ours, async (root) => {
    for (const g of io) files.push(...(await writeGraphModel(root, g, o)));
    const gen = join(root, TRITON_GENERATE_MODEL, '1');
    await mkdir(gen, { recursive: true });
    for (const f of GENERATE_FILES) await copyFile(join(templates, 'levitor_generate', f), join(gen, f));
    const graphModels = Object.fromEntries(
      io.map((g) => [g.role, [TRITON_GRAPH_MODELS[g.role], g.outputs[0]!.name]]),
    );
    const config = generateConfig({
      packSha256,
      packId: opts.packId ?? basename(packDir),
      width: m.resolution.width,
      height: m.resolution.height,
      frames: m.frames,
      latentWidth: m.latent.width,
      latentHeight: m.latent.height,
      instances,
      extra: {
        graph_models: JSON.stringify(graphModels),
        decode_chunk: String(m.decodeChunk),
        sigma_min: String(m.scheduler.sigmaMin),
        sigma_max: String(m.scheduler.sigmaMax),
        rho: String(m.scheduler.rho),
        scaling_factor: String(m.latent.scalingFactor),
      },
    });
    await writeFile(join(root, TRITON_GENERATE_MODEL, 'config.pbtxt'), config);
    const marker = {
      format: 'levitor-studio-triton-repo',
      formatVersion: 1,
      packSha256,
      graphs,
      tensorrt: opts.tensorrt ?? null,
      files,
    };
    await writeFile(join(root, REPO_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    throwIfAborted(opts.signal);
  });
  const models = [...io.map((g) => TRITON_GRAPH_MODELS[g.role]), TRITON_GENERATE_MODEL];
  return { outDir, packSha256, graphs, models, files };
}
