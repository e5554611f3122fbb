/**
 * Tensors on the wire: raw little-endian bytes in raw_input_contents / raw_output_contents (never the
 * typed `contents` lists: those are protobuf-varint encoded and far slower for tens of MB). Node runs on
 * little-endian machines only (x64, arm64), so typed arrays are sent as they lie in memory.
 */

export type Datatype = 'FP32' | 'INT32' | 'BYTES';

export interface WireTensor {
  name: string;
  datatype: Datatype;
  shape: number[];
  /** the raw bytes as the protocol lays them out */
  raw: Uint8Array;
}

export function fp32(name: string, data: Float32Array, shape: number[]): WireTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length) throw new Error(`${name}: ${data.length} values for shape [${shape.join(',')}]`);
  return {
    name,
    datatype: 'FP32',
    shape,
    raw: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

/** A BYTES tensor of one element: 4-byte little-endian length, then the UTF-8 text. */
export function text(name: string, value: string): WireTensor {
  const body = Buffer.from(value, 'utf8');
  const raw = Buffer.alloc(4 + body.length);
  raw.writeUInt32LE(body.length, 0);
  body.copy(raw, 4);
  return { name, datatype: 'BYTES', shape: [1], raw };
}

export interface ReceivedTensor {
  name: string;
  datatype: string;
  shape: number[];
  raw: Buffer;
}

function count(t: ReceivedTensor, bytesPer: number): number {
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (t.raw.length !== n * bytesPer)
    throw new Error(`output ${t.name}: ${t.raw.length} bytes for ${t.datatype} [${t.shape.join(',')}]`);
  return n;
}

/** FP32 output -> a Float32Array of its own (the received buffer may sit at any byte offset). */
export function readFp32(t: ReceivedTensor): Float32Array {
  if (t.datatype !== 'FP32') throw new Error(`output ${t.name} is ${t.datatype}, expected FP32`);
  const out = new Float32Array(count(t, 4));
  new Uint8Array(out.buffer).set(t.raw);
  return out;
}

export function readInt(t: ReceivedTensor): number {
  if (t.datatype === 'INT32' && count(t, 4) >= 1) return t.raw.readInt32LE(0);
  if (t.datatype === 'INT64' && count(t, 8) >= 1) return Number(t.raw.readBigInt64LE(0));
  throw new Error(`output ${t.name} is ${t.datatype}, expected INT32`);
}

/** First element of a BYTES output as UTF-8 text. */
export function readText(t: ReceivedTensor): string {
  if (t.datatype !== 'BYTES' || t.raw.length < 4) throw new Error(`output ${t.name} is not BYTES text`);
  const len = t.raw.readUInt32LE(0);
  if (4 + len > t.raw.length) throw new Error(`output ${t.name}: truncated BYTES element`);
  return t.raw.subarray(4, 4 + len).toString('utf8');
}
