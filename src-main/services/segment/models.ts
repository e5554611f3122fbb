import { basename } from 'node:path';
import { StudioError } from '../../../src-shared/ipc/contract';
import type { ModelRole } from '../../../src-shared/models/manifest';
import type { InstalledModel, ModelRegistry } from '../models/registry';

/** What the inference host needs to open the installed SAM2 / depth model (absolute file paths). */
export interface Sam2Paths {
  id: string;
  encoderPath: string;
  decoderPath: string;
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
    'decoder.onnx works too (`levitor models install <folder>`).',
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

export async function resolveSam2(registry: ModelLookup): Promise<Sam2Paths> {
  const m = await pick(registry, 'segmentation');
  const id = m.manifest.id;
  if (m.manifest.contract !== 'sam2-encoder-decoder') {
    throw new StudioError(
      'models/unsupported',
      `The segmentation model ${id} uses the ${m.manifest.contract} layout, which clicks do not drive yet. ` +
        'Install a SAM 2.1 encoder + decoder model (Models panel, or `levitor models install sam2.1-hiera-tiny`) ' +
        'and make it the default segmentation model.',
    );
  }
  const files = onnxFiles(m);
  // By file name, as the recogniser's parts: "encoder" and "decoder" (AnyLabeling and our exporter agree).
  const enc = files.find((p) => basename(p).toLowerCase().includes('encoder'));
  const dec = files.find((p) => basename(p).toLowerCase().includes('decoder'));
  if (!enc || !dec) {
    throw new StudioError(
      'models/unrecognized',
      `The segmentation model ${id} should hold an encoder and a decoder .onnx file, found: ${files.join(', ') || 'none'}. ` +
        'Reinstall it from the Models panel.',
    );
  }
  return { id, encoderPath: registry.filePath(id, enc), decoderPath: registry.filePath(id, dec) };
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
