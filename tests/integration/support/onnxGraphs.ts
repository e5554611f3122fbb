import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

function valueInfo(name: string, dims: number[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  });
}

/** Writes a single-graph model (opset 13) and returns its path. */
function save(dir: string, file: string, graph: InstanceType<typeof onnx.GraphProto>): string {
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 13 }], graph });
  const path = join(dir, file);
  writeFileSync(path, onnx.ModelProto.encode(model).finish());
  return path;
}

/** y = a + b, all float32 [2,3]. */
export function addModel(dir: string): string {
  return save(
    dir,
    'add.onnx',
    onnx.GraphProto.create({
      name: 'add',
      node: [{ opType: 'Add', input: ['a', 'b'], output: ['y'] }],
      input: [valueInfo('a', [2, 3]), valueInfo('b', [2, 3])],
      output: [valueInfo('y', [2, 3])],
    }),
  );
}

/** y = x @ w, x [2,3], w [3,2], y [2,2]. */
export function matMulModel(dir: string): string {
  return save(
    dir,
    'matmul.onnx',
    onnx.GraphProto.create({
      name: 'matmul',
      node: [{ opType: 'MatMul', input: ['x', 'w'], output: ['y'] }],
      input: [valueInfo('x', [2, 3]), valueInfo('w', [3, 2])],
      output: [valueInfo('y', [2, 2])],
    }),
  );
}
