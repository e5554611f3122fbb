import { open } from 'node:fs/promises';
import { ModelError } from '../errors';

/** One tensor of a safetensors file, with its byte range inside the file (not inside the data block). */
export interface SafetensorsTensor {
  dtype: string;
  shape: number[];
  /** Absolute file offset of the first byte: 8 + header length + data_offsets[0]. */
  offset: number;
  length: number;
}

export interface SafetensorsHeader {
  path: string;
  fileBytes: number;
  tensors: Map<string, SafetensorsTensor>;
}

/** Headers of real checkpoints are a few hundred KB; anything near this is not a safetensors file. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;
const DTYPE_BYTES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/**
 * Reads the header of a safetensors file (8-byte little-endian length, then JSON: name -> {dtype, shape,
 * data_offsets}) without touching the weights. Every tensor's range is checked against its dtype and
 * shape and against the file's size, so a graph pointing into it can never read past the data.
 */
export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeader> {
  const fh = await open(path, 'r').catch((e: unknown) => {
    throw new ModelError('invalid', `cannot open ${path}: ${e instanceof Error ? e.message : String(e)}`);
  });
  try {
    const fileBytes = (await fh.stat()).size;
    const bad = (why: string): ModelError =>
      new ModelError('invalid', `${path} is not a valid safetensors file: ${why}`);
    if (fileBytes < 8) throw bad('shorter than its 8-byte header length');
    const lenBuf = Buffer.alloc(8);
    await fh.read(lenBuf, 0, 8, 0);
    const headerLen = Number(lenBuf.readBigUInt64LE(0));
    if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES || 8 + headerLen > fileBytes) {
      throw bad(`header length ${headerLen} does not fit a ${fileBytes}-byte file`);
    }
    const json = Buffer.alloc(headerLen);
    await fh.read(json, 0, headerLen, 8);
    let parsed: unknown;
    try {
      parsed = JSON.parse(json.toString('utf8'));
    } catch (e) {
      throw bad(`header is not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw bad('header is not an object');
    const dataStart = 8 + headerLen;
    const tensors = new Map<string, SafetensorsTensor>();
    for (const [name, raw] of Object.entries(parsed as Record<string, unknown>)) {
      if (name === '__metadata__') continue;
      const t = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
      const shape = t.shape;
      const offs = t.data_offsets;
      if (
        typeof t.dtype !== 'string' ||
        !Array.isArray(shape) ||
        !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0) ||
        !Array.isArray(offs) ||
        offs.length !== 2 ||
        !offs.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)
      ) {
        throw bad(`tensor ${name}: malformed entry`);
      }
      const [begin, end] = offs as [number, number];
      const elements = (shape as number[]).reduce((a, b) => a * b, 1);
      const width = DTYPE_BYTES[t.dtype];
      if (width === undefined) throw bad(`tensor ${name}: unknown dtype ${t.dtype}`);
      if (end < begin || end - begin !== elements * width || dataStart + end > fileBytes) {
        throw bad(
          `tensor ${name}: byte range ${begin}-${end} does not match ${t.dtype}[${shape.join(',')}] or the file size`,
        );
      }
      tensors.set(name, {
        dtype: t.dtype,
        shape: shape as number[],
        offset: dataStart + begin,
        length: end - begin,
      });
    }
    return { path, fileBytes, tensors };
  } finally {
    await fh.close();
  }
}
