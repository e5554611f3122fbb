import type { ModelRegistry } from '../services/models/registry';
import { ModelError } from '../services/models/errors';
import type { GraphBackend, TensorRtOptions } from '../services/triton/config';
import { writeTritonRepoFor } from '../services/triton/service';

export const TRITON_REPO_USAGE = `  triton-repo <id|pack folder> --out DIR [--graphs onnxruntime|python] [--tensorrt fp16|fp32] [--instances N]
                                          a Triton model repository serving the video pack (docs/triton.md):
                                          onnxruntime = Triton's ONNX Runtime backend on a GPU (default),
                                          python = onnxruntime on the server's CPU through the Python backend`;

export const TRITON_REPO_FLAGS = ['--out', '--graphs', '--tensorrt', '--instances'];

const out = (s: string): boolean => process.stdout.write(`${s}\n`);

/** `levitor models triton-repo ...`; `flags` as parsed by parseModelsArgs. */
export async function tritonRepoCommand(
  registry: ModelRegistry,
  pack: string | undefined,
  flags: ReadonlyMap<string, string | true>,
  signal: AbortSignal,
): Promise<number> {
  const get = (k: string): string | undefined => flags.get(k) as string | undefined;
  const outDir = get('--out');
  if (!pack || !outDir)
    throw new ModelError('invalid', `triton-repo needs a pack and --out DIR\n${TRITON_REPO_USAGE}`);
  const graphs = get('--graphs') ?? 'onnxruntime';
  if (graphs !== 'onnxruntime' && graphs !== 'python')
    throw new ModelError('invalid', `--graphs must be onnxruntime or python, not ${graphs}`);
  const trt = get('--tensorrt');
  if (trt !== undefined && trt !== 'fp16' && trt !== 'fp32')
    throw new ModelError('invalid', `--tensorrt must be fp16 or fp32, not ${trt}`);
  const inst = get('--instances');
  if (inst !== undefined && !/^\d+$/.test(inst))
    throw new ModelError('invalid', '--instances must be a whole number');
  const tensorrt: TensorRtOptions | undefined = trt
    ? { precision: trt === 'fp16' ? 'FP16' : 'FP32' }
    : undefined;
  const r = await writeTritonRepoFor(registry, {
    pack,
    outDir,
    graphs: graphs as GraphBackend,
    tensorrt,
    instances: inst === undefined ? undefined : Number(inst),
    signal,
  });
  const links = r.files.filter((f) => f.placement === 'hardlink').length;
  const how =
    links === r.files.length
      ? 'hard-linked (no second copy)'
      : links === 0
        ? 'copied (the pack and the repository are on different file systems, or hard links are not supported)'
        : `${links} hard-linked, ${r.files.length - links} copied`;
  out(
    `wrote Triton repository ${r.outDir} (graphs: ${r.graphs}${tensorrt ? `, TensorRT ${tensorrt.precision}` : ''})`,
  );
  out(`  models: ${r.models.join(', ')}`);
  out(`  pack_sha256: ${r.packSha256}`);
  out(`  graph files ${how}`);
  return 0;
}
