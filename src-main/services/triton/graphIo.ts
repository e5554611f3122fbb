import type { ValueInfo } from '../../../src-shared/models/contracts';
import type { SvdGraphName, SvdPack } from '../../inference/models/svd/manifest';
import { ModelError } from '../models/errors';
import { checkExternalData } from '../models/externalData';
import { inspectOnnxIsolated } from '../models/onnxIsolated';

/** One tensor of a Triton model config: name, Triton data type, dims (-1 = any size). */
export interface TritonTensor {
  name: string;
  dataType: string;
  dims: number[];
}

export interface GraphIo {
  role: SvdGraphName;
  /** Absolute path of the .onnx file, and its external-data files (relative to its folder). */
  path: string;
  externalData: string[];
  inputs: TritonTensor[];
  outputs: TritonTensor[];
}

/** ONNX TensorProto.DataType -> Triton's TYPE_* (the types the ONNX Runtime backend accepts). */
const ONNX_TO_TRITON: Readonly<Record<number, string>> = {
  1: 'TYPE_FP32',
  2: 'TYPE_UINT8',
  3: 'TYPE_INT8',
  4: 'TYPE_UINT16',
  5: 'TYPE_INT16',
  6: 'TYPE_INT32',
  7: 'TYPE_INT64',
  8: 'TYPE_STRING',
  9: 'TYPE_BOOL',
  10: 'TYPE_FP16',
  11: 'TYPE_FP64',
  12: 'TYPE_UINT32',
  13: 'TYPE_UINT64',
  16: 'TYPE_BF16',
};

export const SVD_GRAPHS: readonly SvdGraphName[] = ['imageEncoder', 'vaeEncoder', 'denoiser', 'vaeDecoder'];

function tensor(graph: string, v: ValueInfo): TritonTensor {
  const dataType = v.elemType === undefined ? undefined : ONNX_TO_TRITON[v.elemType];
  if (!dataType)
    throw new ModelError('invalid', `${graph}: ${v.name} has ONNX element type ${v.elemType ?? '(none)'}`);
  if (!v.dims) throw new ModelError('invalid', `${graph}: ${v.name} has no shape in the graph`);
  // A symbolic dim (a string) or an unknown one (-1 / 0 as ONNX writes "unset") is any size for Triton.
  const dims = v.dims.map((d) => (typeof d === 'number' && d > 0 ? d : -1));
  return { name: v.name, dataType, dims };
}

/**
 * Reads the four graphs' real inputs and outputs from their ONNX headers (the bounded reader, in a
 * worker), proves each graph's external weights are files in the pack folder, and checks them against
 * what the pipeline feeds: the manifest's input names, all FP32 (the studio's graph contract), at least
 * one output. A pack whose graphs disagree is refused here, not at the server's first request.
 */
export async function readPackGraphIo(pack: SvdPack): Promise<GraphIo[]> {
  const paths = SVD_GRAPHS.map((g) => pack.graphPath(g));
  const found = await inspectOnnxIsolated(paths);
  const out: GraphIo[] = [];
  for (const [i, role] of SVD_GRAPHS.entries()) {
    const path = paths[i]!;
    const { info, externalData } = found[i]!;
    await checkExternalData(path, externalData);
    const label = pack.manifest.graphs[role].file;
    const inputs = info.inputs.map((v) => tensor(label, v));
    const outputs = info.outputs.map((v) => tensor(label, v));
    const want = Object.keys(pack.manifest.graphs[role].inputs).sort();
    const have = inputs.map((t) => t.name).sort();
    if (want.join() !== have.join())
      throw new ModelError(
        'invalid',
        `${label}: the graph's inputs are [${have.join(', ')}], the pack manifest says [${want.join(', ')}]`,
      );
    for (const t of [...inputs, ...outputs])
      if (t.dataType !== 'TYPE_FP32')
        throw new ModelError('invalid', `${label}: ${t.name} is ${t.dataType}; the studio's graphs are FP32`);
    if (outputs.length === 0) throw new ModelError('invalid', `${label}: the graph has no outputs`);
    out.push({ role, path, externalData, inputs, outputs });
  }
  return out;
}
