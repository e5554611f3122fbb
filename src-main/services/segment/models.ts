import { basename } from 'node:path';
import { StudioError } from '../../../src-shared/ipc/contract';
import type { ModelRole } from '../../../src-shared/models/manifest';
import type { InstalledModel, ModelRegistry } from '../models/registry';

/** What the inference host needs to open the installed SAM2 / depth model (absolute file paths). */
export interface Sam2Paths {
  id: string;
  encoderPath: string;
  decoderPath: string;
  /** transformers.js preprocessor_config.json installed with the model (input geometry). */
  configPath?: string;
}
export interface DepthPaths {
  id: string;
  modelPath: string;
}

export type ModelLookup = Pick<ModelRegistry, 'resolveDefault' | 'list' | 'filePath'>;

const ADVICE: Record<'segmentation' | 'depth', string> = {
  segmentation:
    'No segmentation model is installed. Install "SAM 2.1 Hiera Tiny" (or another SAM 2.1 size) from the ' +
    'Models panel, or run `levitor models install sam2.1-hiera-tiny`; a folder with encoder.onnx + ' +
    'decoder.onnx works too (`levitor models install <folder>`), as does a transformers.js SAM 2.1 folder ' +
    '(vision_encoder + prompt_encoder_mask_decoder) or a SAM v1 image encoder + decoder.',
  depth:
    'No depth model is installed. Install "Depth Anything V2 Small" from the Models panel, or run ' +
    '`levitor models install depth-anything-v2-small`.',
};

/** The role's default model, else the only one, else the first installed (as the generation queue does). */
async function pick(registry: ModelLookup, role: ModelRole): Promise<InstalledModel> {
  const m =
    (await registry.resolveDefault(role)) ??
    (await registry.list()).models.find((x) => x.manifest.role === role);
  if (!m) throw new StudioError('models/not-installed', ADVICE[role as 'segmentation' | 'depth']);
  return m;
}

const onnxFiles = (m: InstalledModel): string[] =>
  m.manifest.files.map((f) => f.path).filter((p) => p.toLowerCase().endsWith('.onnx'));

/** The [encoder, decoder] graph file names a segmentation contract's exports use (the host checks the graphs). */
function segmentationParts(contract: string, files: string[]): [string | undefined, string | undefined] {
  const named = (p: string, s: string): boolean => basename(p).toLowerCase().includes(s);
  // Shortest first: transformers.js repos ship vision_encoder.onnx beside _fp16/_quantized variants.
  const first = (f: (p: string) => boolean): string | undefined =>
    files.filter(f).sort((a, b) => a.length - b.length || a.localeCompare(b))[0];
  if (contract === 'sam2-transformersjs') {
    return [first((p) => named(p, 'vision_encoder')), first((p) => named(p, 'prompt_encoder_mask_decoder'))];
  }
  // AnyLabeling, our exporter and SAM v1 exports name them "...encoder..." and "...decoder..."; a SAM v1
  // decoder exported by the official script may carry any name: then the one .onnx that is not the encoder.
  const enc = first((p) => named(p, 'encoder') && !named(p, 'decoder'));
  const dec =
    first((p) => named(p, 'decoder')) ?? (contract === 'sam-v1' ? first((p) => p !== enc) : undefined);
  return [enc, dec];
}

export async function resolveSam2(registry: ModelLookup): Promise<Sam2Paths> {
  const m = await pick(registry, 'segmentation');
  const id = m.manifest.id;
  const contract = m.manifest.contract;
  if (!['sam2-encoder-decoder', 'sam2-transformersjs', 'sam-v1'].includes(contract)) {
    throw new StudioError(
      'models/unsupported',
      `The segmentation model ${id} uses the ${contract} layout, which clicks do not drive. ` +
        'Install a SAM 2.1 encoder + decoder model (Models panel, or `levitor models install sam2.1-hiera-tiny`) ' +
        'and make it the default segmentation model.',
    );
  }
  const files = onnxFiles(m);
  const [enc, dec] = segmentationParts(contract, files);
  if (!enc || !dec) {
    const want =
      contract === 'sam2-transformersjs'
        ? 'a vision_encoder and a prompt_encoder_mask_decoder .onnx file'
        : contract === 'sam-v1'
          ? 'an image encoder .onnx (input image [1,3,1024,1024] -> image_embeddings) beside the SAM v1 decoder'
          : 'an encoder and a decoder .onnx file';
    throw new StudioError(
      'models/unrecognized',
      `The segmentation model ${id} (${contract}) should hold ${want}, found: ${files.join(', ') || 'none'}. ` +
        'Reinstall it from the Models panel with all its graphs.',
    );
  }
  // transformers.js repos say how the image was resized (stretch vs longest side + pad) in this file.
  const config = m.manifest.files.map((f) => f.path).find((p) => basename(p) === 'preprocessor_config.json');
  return {
    id,
    encoderPath: registry.filePath(id, enc),
    decoderPath: registry.filePath(id, dec),
    ...(contract === 'sam2-transformersjs' && config ? { configPath: registry.filePath(id, config) } : {}),
  };
}

export async function resolveDepth(registry: ModelLookup): Promise<DepthPaths> {
  const m = await pick(registry, 'depth');
  const id = m.manifest.id;
  const files = onnxFiles(m);
  const file = files.find((p) => basename(p) === 'model.onnx') ?? files[0];
  if (!file) {
    throw new StudioError(
      'models/unrecognized',
      `The depth model ${id} holds no .onnx file. Reinstall it from the Models panel.`,
    );
  }
  return { id, modelPath: registry.filePath(id, file) };
}
