import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import type { GraphInfo, ValueInfo } from '../../../src-shared/models/contracts';
import { ModelError } from './errors';
import { children, defaultOnnxLimits, fields, ProtoReader, type Field, type OnnxLimits } from './onnxProto';

/**
 * What the model manager needs from an .onnx file, read straight from the protobuf without onnxruntime:
 * the main graph's input/output names and dims (contract recognition) and every external-data location
 * any tensor of any graph names (initializers, Constant attributes, sparse tensors, If/Loop bodies,
 * functions, training graphs), which must stay inside the model's folder (externalData.ts).
 *
 * Field numbers from onnx.proto: ModelProto graph=7, training_info=20 (initialization=1, algorithm=2),
 * functions=25 (node=7); GraphProto node=1, initializer=5, input=11, output=12, sparse_initializer=15;
 * NodeProto attribute=5; AttributeProto t=5, g=6, tensors=10, graphs=11, sparse_tensor=22,
 * sparse_tensors=23; SparseTensorProto values=1, indices=2; TensorProto name=8, external_data=13
 * (StringStringEntryProto key=1, value=2); ValueInfoProto name=1, type=2; TypeProto tensor_type=1;
 * Tensor elem_type=1, shape=2; TensorShapeProto dim=1; Dimension dim_value=1, dim_param=2.
 */
export interface OnnxInspection {
  info: GraphInfo;
  /** Every external-data location named in the file, as written. */
  externalData: string[];
}

class Walker {
  readonly external = new Set<string>();
  private tensors = 0;
  constructor(readonly r: ProtoReader) {}

  /** Returns the tensor's name; records its external-data location, if any. */
  tensor(t: Field): string {
    if (++this.tensors > this.r.limits.maxTensors)
      this.r.refuse(`more than ${this.r.limits.maxTensors} tensors`);
    let name = '';
    for (const f of fields(this.r, t.start, t.end)) {
      if (f.wire !== 2) continue;
      if (f.no === 8) name = this.r.text(f);
      else if (f.no === 13) {
        let key: string | undefined;
        let value = '';
        for (const kv of fields(this.r, f.start, f.end)) {
          if (kv.wire !== 2) continue;
          if (kv.no === 1) key = this.r.text(kv);
          else if (kv.no === 2) value = this.r.text(kv);
        }
        if (key === 'location') this.external.add(value);
      }
    }
    return name;
  }

  sparse(s: Field): void {
    for (const f of fields(this.r, s.start, s.end))
      if (f.wire === 2 && (f.no === 1 || f.no === 2)) this.tensor(f);
  }

  node(n: Field, depth: number): void {
    for (const a of children(this.r, n.start, n.end, 5)) {
      for (const f of fields(this.r, a.start, a.end)) {
        if (f.wire !== 2) continue;
        if (f.no === 5 || f.no === 10) this.tensor(f);
        else if (f.no === 6 || f.no === 11) this.graph(f, depth + 1);
        else if (f.no === 22 || f.no === 23) this.sparse(f);
      }
    }
  }

  /** Walks a graph for tensors; `onField` sees the main graph's own fields (inputs, outputs, names). */
  graph(g: Field, depth: number, onField?: (f: Field, initializerName?: string) => void): void {
    if (depth > this.r.limits.maxDepth)
      this.r.refuse(`subgraphs nested deeper than ${this.r.limits.maxDepth}`);
    for (const f of fields(this.r, g.start, g.end)) {
      if (f.wire !== 2) continue;
      if (f.no === 5) {
        const name = this.tensor(f); // always walked: onField?.(f, this.tensor(f)) would skip it in subgraphs
        onField?.(f, name);
      } else if (f.no === 15) this.sparse(f);
      else if (f.no === 1) this.node(f, depth);
      else onField?.(f);
    }
  }
}

function valueInfo(r: ProtoReader, f: Field): ValueInfo {
  let name = '';
  let dims: (number | string)[] | undefined;
  let elemType: number | undefined;
  for (const g of fields(r, f.start, f.end)) {
    if (g.no === 1 && g.wire === 2) name = r.text(g);
    if (g.no !== 2 || g.wire !== 2) continue;
    for (const tensor of children(r, g.start, g.end, 1)) {
      for (const t of fields(r, tensor.start, tensor.end)) if (t.no === 1 && t.wire === 0) elemType = t.value;
      for (const shape of children(r, tensor.start, tensor.end, 2)) {
        dims = [];
        for (const dim of children(r, shape.start, shape.end, 1)) {
          if (dims.length >= r.limits.maxDims) r.refuse(`an input with more than ${r.limits.maxDims} dims`);
          let d: number | string = -1;
          for (const x of fields(r, dim.start, dim.end)) {
            if (x.no === 1 && x.wire === 0) d = x.value;
            if (x.no === 2 && x.wire === 2) d = r.text(x);
          }
          dims.push(d);
        }
      }
    }
  }
  return { name, ...(dims ? { dims } : {}), ...(elemType !== undefined ? { elemType } : {}) };
}

/** Reads one .onnx file within `limits`; throws a ModelError that names the file and the reason. */
export function inspectOnnx(path: string, limits: OnnxLimits = defaultOnnxLimits): OnnxInspection {
  const label = basename(path);
  // Non-blocking open, then the checks on the open file: a FIFO does not block the open (it would until
  // someone writes), and a file swapped for one after a stat cannot slip through (stat-then-open could).
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const s = fstatSync(fd);
    if (!s.isFile()) throw new ModelError('invalid', `${label} is not a regular file; refused`);
    const r = new ProtoReader(fd, s.size, limits, label);
    const w = new Walker(r);
    const inputs: Field[] = [];
    const outputs: Field[] = [];
    const initializers = new Set<string>();
    let graphs = 0;
    const mainField = (f: Field, initializerName?: string): void => {
      if (initializerName !== undefined) initializers.add(initializerName);
      else if (f.no === 11 || f.no === 12) {
        if (inputs.length + outputs.length >= limits.maxValueInfos) {
          r.refuse(`more than ${limits.maxValueInfos} graph inputs and outputs`);
        }
        (f.no === 11 ? inputs : outputs).push(f);
      }
    };
    for (const f of fields(r, 0, r.size)) {
      if (f.wire !== 2) continue;
      if (f.no === 7) {
        graphs++; // a repeated message field merges: every occurrence is part of the one graph
        w.graph(f, 0, mainField);
      } else if (f.no === 20) {
        for (const g of fields(r, f.start, f.end))
          if (g.wire === 2 && (g.no === 1 || g.no === 2)) w.graph(g, 1);
      } else if (f.no === 25) {
        for (const n of children(r, f.start, f.end, 7)) w.node(n, 1);
      }
    }
    if (graphs === 0) throw new ModelError('invalid', `${label}: no graph inside (not an ONNX model?)`);
    // Old exports (IR < 4) also list weights as graph inputs; their names identify them.
    const ins = inputs.map((f) => valueInfo(r, f)).filter((v) => !initializers.has(v.name));
    return {
      info: { label, inputs: ins, outputs: outputs.map((f) => valueInfo(r, f)) },
      externalData: [...w.external],
    };
  } finally {
    closeSync(fd);
  }
}

/** Input/output names and dims of one graph (bounded; in the calling thread). */
export async function readOnnxGraphInfo(path: string, limits?: OnnxLimits): Promise<GraphInfo> {
  return Promise.resolve(inspectOnnx(path, limits).info);
}
