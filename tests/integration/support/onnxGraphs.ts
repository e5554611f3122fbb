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

export type ExternalPlacement = 'initializer' | 'constant' | 'if-branch' | 'sparse';

/**
 * y = x + w (float32 [6]) where w's 24 bytes live in an external-data file at `location` (written as
 * is, unchecked: tests use it for hostile locations). `placement` puts w where the file reader must look:
 * a graph initializer, a Constant node's tensor attribute, an initializer inside an If branch, or the
 * values of a sparse initializer.
 */
export function externalWeightsModel(
  dir: string,
  file: string,
  location: string,
  placement: ExternalPlacement = 'initializer',
): string {
  const w = onnx.TensorProto.create({
    name: 'w',
    dims: [6],
    dataType: FLOAT,
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: location },
      { key: 'offset', value: '0' },
      { key: 'length', value: '24' },
    ],
  });
  const add = { opType: 'Add', input: ['x', 'w'], output: ['y'] };
  const io = { input: [valueInfo('x', [6])], output: [valueInfo('y', [6])] };
  const graph =
    placement === 'initializer'
      ? { name: 'ext', node: [add], initializer: [w], ...io }
      : placement === 'constant'
        ? {
            name: 'ext',
            node: [{ opType: 'Constant', output: ['w'], attribute: [{ name: 'value', type: 4, t: w }] }, add],
            ...io,
          }
        : placement === 'sparse'
          ? {
              name: 'ext',
              node: [add],
              sparseInitializer: [
                {
                  values: w,
                  indices: { name: 'i', dims: [6], dataType: 7, int64Data: [0, 1, 2, 3, 4, 5] },
                  dims: [6],
                },
              ],
              ...io,
            }
          : {
              name: 'ext',
              node: [
                {
                  opType: 'If',
                  input: ['c'],
                  output: ['y'],
                  attribute: [
                    {
                      name: 'then_branch',
                      type: 5,
                      g: { name: 't', node: [add], initializer: [w], output: [valueInfo('y', [6])] },
                    },
                    {
                      name: 'else_branch',
                      type: 5,
                      g: { name: 'e', node: [add], initializer: [w], output: [valueInfo('y', [6])] },
                    },
                  ],
                },
              ],
              ...io,
            };
  return save(dir, file, onnx.GraphProto.create(graph));
}
