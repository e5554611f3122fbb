import { unzlibSync, zlibSync } from 'fflate';

/**
 * A small PNG codec for masks, in pure TypeScript over fflate's zlib. Chosen over createImageBitmap +
 * OffscreenCanvas because canvas decoding may colour-manage or premultiply and is asynchronous and
 * browser-only; masks must survive save -> open bit-exact, and this runs the same in the browser and in
 * unit tests. Decodes non-interlaced PNGs of any colour type (bit depths 1-16) to one 8-bit channel
 * (grey, or red after palette expansion); encodes 8-bit greyscale.
 */
export class PngError extends Error {
  override readonly name = 'PngError';
}

export interface GreyImage {
  readonly width: number;
  readonly height: number;
  /** [H, W] uint8, the first channel of each pixel. */
  readonly data: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePngGrey(bytes: Uint8Array): GreyImage {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new PngError('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0,
    height = 0,
    depth = 0,
    type = -1,
    palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  for (let pos = 8; pos + 8 <= bytes.length;) {
    const len = view.getUint32(pos);
    const kind = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const body = bytes.subarray(pos + 8, pos + 8 + len);
    if (body.length !== len) throw new PngError(`truncated ${kind} chunk`);
    if (kind === 'IHDR') {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      depth = body[8] ?? 0;
      type = body[9] ?? -1;
      if (body[12] !== 0) throw new PngError('interlaced PNGs are not supported');
    } else if (kind === 'PLTE') palette = body;
    else if (kind === 'IDAT') idat.push(body);
    else if (kind === 'IEND') break;
    pos += 12 + len;
  }
  const channels = CHANNELS[type];
  if (!channels || !width || !height || ![1, 2, 4, 8, 16].includes(depth))
    throw new PngError(`unsupported PNG (colour type ${type}, bit depth ${depth})`);
  if (type === 3 && !palette) throw new PngError('palette PNG without a palette');
  const raw = unzlibSync(concat(idat));
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3); // filter byte distance
  if (raw.length < (stride + 1) * height) throw new PngError('image data is truncated');
  const out = new Uint8Array(width * height);
  let prev = new Uint8Array(stride);
  let line = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    unfilter(filter, src, prev, line, bpp);
    if (type === 0 && depth === 8)
      out.set(line, y * width); // masks: one grey byte a pixel
    else for (let x = 0; x < width; x++) out[y * width + x] = sample(line, x, channels, depth, type, palette);
    [prev, line] = [line, prev];
  }
  return { width, height, data: out };
}

function sample(
  line: Uint8Array,
  x: number,
  channels: number,
  depth: number,
  type: number,
  palette: Uint8Array | null,
): number {
  let v: number;
  if (depth >= 8)
    v = line[x * channels * (depth >> 3)] ?? 0; // 16-bit: the high byte
  else {
    const bit = x * depth;
    v = ((line[bit >> 3] ?? 0) >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    if (type === 0) v = Math.round((v * 255) / ((1 << depth) - 1));
  }
  return type === 3 && palette ? (palette[v * 3] ?? 0) : v;
}

function unfilter(f: number, src: Uint8Array, prev: Uint8Array, out: Uint8Array, bpp: number): void {
  const n = src.length;
  // One loop per filter type: a branch per byte made 16-megapixel masks several times slower.
  if (f === 0) out.set(src);
  else if (f === 1) {
    for (let i = 0; i < n; i++) out[i] = (src[i] as number) + (i >= bpp ? (out[i - bpp] as number) : 0);
  } else if (f === 2) {
    for (let i = 0; i < n; i++) out[i] = (src[i] as number) + (prev[i] as number);
  } else if (f === 3) {
    for (let i = 0; i < n; i++)
      out[i] = (src[i] as number) + (((i >= bpp ? (out[i - bpp] as number) : 0) + (prev[i] as number)) >> 1);
  } else if (f === 4) {
    for (let i = 0; i < n; i++) {
      const a = i >= bpp ? (out[i - bpp] as number) : 0;
      const b = prev[i] as number;
      const c = i >= bpp ? (prev[i - bpp] as number) : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a),
        pb = Math.abs(p - b),
        pc = Math.abs(p - c);
      out[i] = (src[i] as number) + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }
  } else throw new PngError(`unknown filter type ${f}`);
}

/** 8-bit greyscale PNG of [H, W] uint8 data; rows use the Up filter (masks repeat row to row). */
export function encodePngGrey(width: number, height: number, data: Uint8Array): Uint8Array {
  if (data.length !== width * height) throw new PngError(`expected ${width * height} pixels`);
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = y === 0 ? 0 : 2;
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x] as number;
      raw[y * (width + 1) + 1 + x] = y === 0 ? v : (v - (data[(y - 1) * width + x] as number)) & 255;
    }
  }
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return concat([
    Uint8Array.from(SIGNATURE),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibSync(raw, { level: 1 })), // level 1: half the time of 6, masks barely grow
    chunk('IEND', new Uint8Array(0)),
  ]);
}

function chunk(kind: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = kind.charCodeAt(i);
  out.set(body, 8);
  dv.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

let table: Uint32Array | null = null;
function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = (table[(c ^ b) & 255] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
