import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { recogniseModel, type GraphInfo, type ValueInfo } from '../../../src-shared/models/contracts';
import type { ContractRecognizer } from './install';
import { ModelError } from './errors';

/**
 * Reads an .onnx file's graph input/output names and dims straight from the protobuf, with positional
 * reads that skip the weights, so the main process can recognise a graph without onnxruntime and
 * without reading hundreds of MB. Field numbers from onnx.proto: ModelProto.graph=7; GraphProto
 * initializer=5, input=11, output=12; ValueInfoProto name=1, type=2; TypeProto tensor_type=1;
 * Tensor shape=2; TensorShapeProto dim=1; Dimension dim_value=1, dim_param=2; TensorProto name=8.
 */
const WINDOW = 1 << 16;

class FileReader {
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  /** `readAt` fills buf from pos and returns the bytes read (a file, or an in-memory slice). */
  constructor(
    private readonly readAt: (buf: Buffer, pos: number) => Promise<number>,
    readonly size: number,
  ) {}

  static ofFile(fh: FileHandle, size: number): FileReader {
    return new FileReader(async (b, pos) => (await fh.read(b, 0, b.length, pos)).bytesRead, size);
  }

  static ofBuffer(data: Buffer): FileReader {
    return new FileReader(async (b, pos) => data.copy(b, 0, pos, pos + b.length), data.length);
  }

  async byteAt(pos: number): Promise<number> {
    if (pos < this.bufStart || pos >= this.bufStart + this.buf.length) {
      const b = Buffer.alloc(Math.min(WINDOW, this.size - pos));
      const bytesRead = await this.readAt(b, pos);
      this.buf = b.subarray(0, bytesRead);
      this.bufStart = pos;
      if (bytesRead === 0) throw new ModelError('invalid', 'truncated ONNX file');
    }
    return this.buf[pos - this.bufStart]!;
  }

  async bytes(start: number, end: number): Promise<Buffer> {
    const b = Buffer.alloc(end - start);
    await this.readAt(b, start);
    return b;
  }

  /** Varint at pos -> [value, next pos]. Numbers beyond 2^53 do not occur in names/dims/lengths. */
  async varint(pos: number): Promise<[number, number]> {
    let value = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = await this.byteAt(pos++);
      value += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return [value, pos];
      mul *= 128;
    }
    throw new ModelError('invalid', 'bad varint in ONNX file');
  }
}

interface Field {
  no: number;
  wire: number;
  start: number; // value start (after the length for wire type 2)
  end: number;
  value: number; // varint value (wire 0)
}

async function* fields(r: FileReader, start: number, end: number): AsyncGenerator<Field> {
  let pos = start;
  while (pos < end) {
    const [tag, p1] = await r.varint(pos);
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    let f: Field;
    if (wire === 0) {
      const [v, p2] = await r.varint(p1);
      f = { no, wire, start: p1, end: p2, value: v };
    } else if (wire === 1) f = { no, wire, start: p1, end: p1 + 8, value: 0 };
    else if (wire === 5) f = { no, wire, start: p1, end: p1 + 4, value: 0 };
    else if (wire === 2) {
      const [len, p2] = await r.varint(p1);
      f = { no, wire, start: p2, end: p2 + len, value: 0 };
    } else throw new ModelError('invalid', `unsupported protobuf wire type ${wire}: not an ONNX file?`);
    if (f.end > end) throw new ModelError('invalid', 'truncated ONNX file');
    yield f;
    pos = f.end;
  }
}

async function find(r: FileReader, start: number, end: number, no: number): Promise<Field[]> {
  const out: Field[] = [];
  for await (const f of fields(r, start, end)) if (f.no === no && f.wire === 2) out.push(f);
  return out;
}

async function valueInfo(r: FileReader, f: Field): Promise<ValueInfo> {
  const b = await r.bytes(f.start, f.end); // a ValueInfoProto is small: names and dims only
  const sub = FileReader.ofBuffer(b);
  let name = '';
  let dims: (number | string)[] | undefined;
  for await (const g of fields(sub, 0, b.length)) {
    if (g.no === 1 && g.wire === 2) name = b.toString('utf8', g.start, g.end);
    if (g.no === 2 && g.wire === 2) {
      for (const tensor of await find(sub, g.start, g.end, 1)) {
        for (const shape of await find(sub, tensor.start, tensor.end, 2)) {
          dims = [];
          for (const dim of await find(sub, shape.start, shape.end, 1)) {
            let d: number | string = -1;
            for await (const x of fields(sub, dim.start, dim.end)) {
              if (x.no === 1 && x.wire === 0) d = x.value;
              if (x.no === 2 && x.wire === 2) d = b.toString('utf8', x.start, x.end);
            }
            dims.push(d);
          }
        }
      }
    }
  }
  return dims ? { name, dims } : { name };
}

export async function readOnnxGraphInfo(path: string): Promise<GraphInfo> {
  const fh = await open(path, 'r');
  try {
    const r = FileReader.ofFile(fh, (await fh.stat()).size);
    const [graph] = await find(r, 0, r.size, 7);
    if (!graph) throw new ModelError('invalid', `${basename(path)}: no graph inside (not an ONNX model?)`);
    const initializers = new Set<string>();
    const inputs: Field[] = [];
    const outputs: Field[] = [];
    for await (const f of fields(r, graph.start, graph.end)) {
      if (f.wire !== 2) continue;
      if (f.no === 11) inputs.push(f);
      else if (f.no === 12) outputs.push(f);
      else if (f.no === 5) {
        // Old exports (IR < 4) also list weights as graph inputs; their names identify them.
        for await (const t of fields(r, f.start, f.end)) {
          if (t.no === 8 && t.wire === 2) initializers.add((await r.bytes(t.start, t.end)).toString('utf8'));
        }
      }
    }
    const ins = await Promise.all(inputs.map((f) => valueInfo(r, f)));
    return {
      label: basename(path),
      inputs: ins.filter((v) => !initializers.has(v.name)),
      outputs: await Promise.all(outputs.map((f) => valueInfo(r, f))),
    };
  } finally {
    await fh.close();
  }
}

/**
 * The default contract recogniser: every .onnx among the files is read (names + dims) and matched by
 * src-shared/models/contracts. A refusal becomes an 'unrecognized' error carrying its message (what was
 * expected, what was found). Files with no .onnx leave the decision to an explicit contract.
 */
export const onnxRecognizer: ContractRecognizer = async (files) => {
  const graphs = files.filter((f) => f.path.toLowerCase().endsWith('.onnx'));
  if (graphs.length === 0) return undefined;
  const infos: GraphInfo[] = [];
  for (const f of graphs) {
    const info = await readOnnxGraphInfo(f.absPath);
    infos.push({ ...info, label: f.path });
  }
  const r = recogniseModel(infos);
  if (!r.ok) throw new ModelError('unrecognized', r.message);
  return r.model.contract;
};
