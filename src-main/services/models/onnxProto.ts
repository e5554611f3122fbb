import { readSync } from 'node:fs';
import { ModelError } from './errors';

/**
 * Bounded, positional protobuf reading of an .onnx file: tags and lengths are read, large values
 * (weights) are skipped by their length and never loaded. Every read counts against the limits, so a
 * crafted file (millions of fields, absurd lengths, deep nesting) is refused quickly instead of
 * exhausting memory or time. Synchronous on purpose: it runs in a worker thread (onnxWorker.ts) or in
 * the inference host, where blocking a bounded moment is fine and per-byte awaits would be slow.
 */
export interface OnnxLimits {
  /** Graph inputs + outputs (real models: tens; the audit's bomb had millions). */
  maxValueInfos: number;
  /** Dims of one input/output, and bytes of one name. */
  maxDims: number;
  maxNameBytes: number;
  /** Tensors visited (initializers, constants, sparse parts), all graphs together. */
  maxTensors: number;
  /** Fields visited in all, and bytes read from the file (window reads included). */
  maxFields: number;
  maxBytesRead: number;
  /** Subgraph nesting (If/Loop bodies, training graphs). */
  maxDepth: number;
  /** Wall-clock budget for one file. */
  maxMs: number;
}

export const defaultOnnxLimits: OnnxLimits = {
  maxValueInfos: 10_000,
  maxDims: 64,
  maxNameBytes: 4096,
  maxTensors: 200_000,
  maxFields: 20_000_000,
  maxBytesRead: 1024 ** 3,
  maxDepth: 32,
  maxMs: 30_000,
};

const WINDOW = 1 << 14;

export class ProtoReader {
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  private bytesRead = 0;
  private fieldCount = 0;
  private readonly deadline: number;

  constructor(
    private readonly fd: number,
    readonly size: number,
    readonly limits: OnnxLimits,
    readonly label: string,
  ) {
    this.deadline = Date.now() + limits.maxMs;
  }

  refuse(what: string): never {
    throw new ModelError('invalid', `${this.label}: ${what}; refused (not a usable ONNX model)`);
  }

  private read(b: Buffer, pos: number): number {
    this.bytesRead += b.length;
    if (this.bytesRead > this.limits.maxBytesRead) {
      this.refuse(`reading its structure needs more than ${this.limits.maxBytesRead} bytes`);
    }
    return readSync(this.fd, b, 0, b.length, pos);
  }

  byteAt(pos: number): number {
    if (pos < this.bufStart || pos >= this.bufStart + this.buf.length) {
      if (pos >= this.size) this.refuse('the file is truncated');
      const b = Buffer.alloc(Math.min(WINDOW, this.size - pos));
      this.buf = b.subarray(0, this.read(b, pos));
      this.bufStart = pos;
      if (this.buf.length === 0) this.refuse('the file is truncated');
    }
    return this.buf[pos - this.bufStart]!;
  }

  /** A small value (a name, a dim parameter): capped at maxNameBytes. */
  text(f: Field): string {
    const n = f.end - f.start;
    if (n > this.limits.maxNameBytes) this.refuse(`a name of ${n} bytes`);
    const b = Buffer.alloc(n);
    if (this.read(b, f.start) !== n) this.refuse('the file is truncated');
    return b.toString('utf8');
  }

  /** Varint at pos -> [value, next pos]. Values beyond 2^53 never occur in names, dims or lengths. */
  varint(pos: number): [number, number] {
    let value = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byteAt(pos++);
      value += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return [value, pos];
      mul *= 128;
    }
    this.refuse('a malformed number');
  }

  /** Counts a field and checks the clock every 4096 fields. */
  tick(): void {
    this.fieldCount++;
    if (this.fieldCount > this.limits.maxFields) this.refuse(`more than ${this.limits.maxFields} fields`);
    if ((this.fieldCount & 0xfff) === 0 && Date.now() > this.deadline) {
      this.refuse(`reading its structure took longer than ${this.limits.maxMs / 1000} s`);
    }
  }
}

export interface Field {
  no: number;
  wire: number;
  /** Value start (after the length for wire type 2) and end. */
  start: number;
  end: number;
  /** The value of a varint field (wire type 0). */
  value: number;
}

export function* fields(r: ProtoReader, start: number, end: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    r.tick();
    const [tag, p1] = r.varint(pos);
    const no = Math.floor(tag / 8);
    const wire = tag % 8;
    let f: Field;
    if (wire === 0) {
      const [v, p2] = r.varint(p1);
      f = { no, wire, start: p1, end: p2, value: v };
    } else if (wire === 1) f = { no, wire, start: p1, end: p1 + 8, value: 0 };
    else if (wire === 5) f = { no, wire, start: p1, end: p1 + 4, value: 0 };
    else if (wire === 2) {
      const [len, p2] = r.varint(p1);
      f = { no, wire, start: p2, end: p2 + len, value: 0 };
    } else r.refuse(`protobuf wire type ${wire}`);
    if (f.end > end) r.refuse('a field runs past its end (truncated or corrupt)');
    yield f;
    pos = f.end;
  }
}

/** The length-delimited fields numbered `no` inside [start, end). */
export function* children(r: ProtoReader, start: number, end: number, no: number): Generator<Field> {
  for (const f of fields(r, start, end)) if (f.no === no && f.wire === 2) yield f;
}
