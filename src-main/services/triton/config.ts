import type { TritonTensor } from './graphIo';

/** Triton model configs (protobuf text format) for the repository; see docs/triton.md. */

export type GraphBackend = 'onnxruntime' | 'python';

export interface TensorRtOptions {
  precision: 'FP32' | 'FP16';
}

/** Protobuf text-format string literal (printable text only; quotes and backslashes escaped). */
export function pbString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${s.replace(/[\u0000-\u001f\u007f]/g, '').replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function tensors(kind: 'input' | 'output', list: readonly TritonTensor[]): string {
  const rows = list.map(
    (t) => `  { name: ${pbString(t.name)} data_type: ${t.dataType} dims: [ ${t.dims.join(', ')} ] }`,
  );
  return `${kind} [\n${rows.join(',\n')}\n]`;
}

function parameters(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([k, v]) => `parameters { key: ${pbString(k)} value: { string_value: ${pbString(v)} } }`)
    .join('\n');
}

export interface GraphConfigOptions {
  name: string;
  /** The .onnx file's name in the version folder (kept from the pack so external data resolves). */
  file: string;
  inputs: readonly TritonTensor[];
  outputs: readonly TritonTensor[];
  backend: GraphBackend;
  tensorrt?: TensorRtOptions | undefined;
}

/**
 * A graph model. onnxruntime: Triton's ONNX Runtime backend on a GPU (CUDA execution provider; TensorRT
 * as an accelerator when asked, its engines cached per model so a restart does not rebuild them).
 * python: resources/triton/python/onnx_graph/model.py running onnxruntime on the CPU.
 * max_batch_size 0: the pack's graphs have their batch dims in the shapes (CFG pairs, decode chunks).
 */
export function graphConfig(o: GraphConfigOptions): string {
  const lines = [`name: ${pbString(o.name)}`, `backend: ${pbString(o.backend)}`];
  if (o.backend === 'onnxruntime') lines.push(`default_model_filename: ${pbString(o.file)}`);
  lines.push('max_batch_size: 0', tensors('input', o.inputs), tensors('output', o.outputs));
  if (o.backend === 'python') {
    lines.push('instance_group [ { kind: KIND_CPU count: 1 } ]', parameters({ onnx_file: o.file }));
  } else {
    lines.push('instance_group [ { kind: KIND_GPU count: 1 } ]');
    if (o.tensorrt) {
      const trt = {
        precision_mode: o.tensorrt.precision,
        max_workspace_size_bytes: String(4 * 1024 ** 3),
        trt_engine_cache_enable: '1',
        trt_engine_cache_path: `/tmp/levitor-trt-cache/${o.name}`,
      };
      const p = Object.entries(trt)
        .map(([k, v]) => `      parameters { key: ${pbString(k)} value: ${pbString(v)} }`)
        .join('\n');
      lines.push(
        `optimization { execution_accelerators {\n  gpu_execution_accelerator: [ {\n    name: "tensorrt"\n${p}\n  } ]\n} }`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface GenerateConfigOptions {
  packSha256: string;
  packId: string;
  width: number;
  height: number;
  frames: number;
  latentWidth: number;
  latentHeight: number;
  /** Everything else model.py needs to run the pack's sampling loop. */
  extra: Readonly<Record<string, string>>;
  instances: number;
}

/** `levitor_generate`: the decoupled Python-backend model running the whole take (docs/triton.md). */
export function generateConfig(o: GenerateConfigOptions): string {
  const { width: W, height: H, frames: F, latentWidth: w, latentHeight: h } = o;
  const fp32 = (name: string, dims: number[]): TritonTensor => ({ name, dataType: 'TYPE_FP32', dims });
  const one = (name: string, dataType: string): TritonTensor => ({ name, dataType, dims: [1] });
  const inputs = [
    fp32('image', [3, H, W]),
    fp32('control', [F, 3, H, W]),
    fp32('aug_noise', [1, 3, H, W]),
    fp32('init_noise', [1, F, 4, h, w]),
    one('params', 'TYPE_STRING'),
    one('pack_sha256', 'TYPE_STRING'),
  ];
  const outputs = [
    one('phase', 'TYPE_STRING'),
    one('step', 'TYPE_INT32'),
    one('steps', 'TYPE_INT32'),
    fp32('frames', [F, 3, H, W]),
  ];
  return `${[
    'name: "levitor_generate"',
    'backend: "python"',
    'max_batch_size: 0',
    'model_transaction_policy { decoupled: true }',
    tensors('input', inputs),
    tensors('output', outputs),
    `instance_group [ { kind: KIND_CPU count: ${o.instances} } ]`,
    parameters({
      pack_sha256: o.packSha256,
      pack_id: o.packId,
      resolution: `${W}x${H}`,
      frames: String(F),
      latent: `${w}x${h}`,
      ...o.extra,
    }),
  ].join('\n')}\n`;
}
