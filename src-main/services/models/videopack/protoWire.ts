/**
 * Just enough protobuf wire format to edit an ONNX graph proto in place: a message is a list of fields
 * kept as raw bytes, so fields this code does not understand survive a decode/encode round trip
 * unchanged (same order, same bytes). Only length-delimited (2) and varint (0) fields are interpreted.
 */
export interface WireField {
  num: number;
  type: number;
  /** Varint value (type 0), else the field's raw payload (length-delimited: the bytes after the length). */
  varint?: bigint;
  bytes?: Uint8Array;
}

function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let v = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    const b = buf[pos++];
    if (b === undefined) throw new Error('truncated varint');
    v |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [v, pos];
    shift += 7n;
  }
  throw new Error('varint too long');
}

function writeVarint(v: bigint, out: number[]): void {
  let x = BigInt.asUintN(64, v);
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x > 0n) b |= 0x80;
    out.push(b);
  } while (x > 0n);
}

export function decodeMessage(buf: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, p] = readVarint(buf, pos);
    pos = p;
    const num = Number(key >> 3n);
    const type = Number(key & 7n);
    if (type === 0) {
      const [v, q] = readVarint(buf, pos);
      fields.push({ num, type, varint: v });
      pos = q;
    } else if (type === 2) {
      const [len, q] = readVarint(buf, pos);
      const end = q + Number(len);
      if (end > buf.length) throw new Error('truncated length-delimited field');
      fields.push({ num, type, bytes: buf.subarray(q, end) });
      pos = end;
    } else if (type === 1 || type === 5) {
      const n = type === 1 ? 8 : 4;
      if (pos + n > buf.length) throw new Error('truncated fixed field');
      fields.push({ num, type, bytes: buf.subarray(pos, pos + n) });
      pos += n;
    } else {
      throw new Error(`unsupported wire type ${type}`);
    }
  }
  return fields;
}

export function encodeMessage(fields: WireField[]): Buffer {
  const parts: Uint8Array[] = [];
  for (const f of fields) {
    const head: number[] = [];
    writeVarint(BigInt(f.num * 8 + f.type), head);
    if (f.type === 0) {
      writeVarint(f.varint ?? 0n, head);
      parts.push(Uint8Array.from(head));
    } else if (f.type === 2) {
      writeVarint(BigInt(f.bytes?.length ?? 0), head);
      parts.push(Uint8Array.from(head), f.bytes ?? new Uint8Array());
    } else {
      parts.push(Uint8Array.from(head), f.bytes ?? new Uint8Array());
    }
  }
  return Buffer.concat(parts);
}

export function stringField(num: number, s: string): WireField {
  return { num, type: 2, bytes: Buffer.from(s, 'utf8') };
}

export function fieldString(f: WireField): string {
  return Buffer.from(f.bytes ?? new Uint8Array()).toString('utf8');
}

/** Repeated int64 (ONNX dims): packed or one field each. */
export function readInts(fields: WireField[], num: number): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.num !== num) continue;
    if (f.type === 0) out.push(Number(BigInt.asIntN(64, f.varint ?? 0n)));
    else if (f.type === 2 && f.bytes) {
      let pos = 0;
      while (pos < f.bytes.length) {
        const [v, p] = readVarint(f.bytes, pos);
        out.push(Number(BigInt.asIntN(64, v)));
        pos = p;
      }
    }
  }
  return out;
}
