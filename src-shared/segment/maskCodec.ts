/**
 * Mask wire format (EncodedMask in ipc.ts), pure so main and the renderer share it:
 *   runs over the mask in row-major order [height, width], alternating 0-runs and 1-runs, starting with a
 *   0-run (which may be 0 long); each run length is an unsigned LEB128 varint (7 bits per byte, low group
 *   first, high bit = more bytes follow). The bytes travel as they are (a Uint8Array: structured clone in
 *   Electron and to the inference process, a binary WebSocket frame in the browser host); decodeMask also
 *   reads the older base64 form of the same bytes (RFC 4648, with padding).
 * The run lengths sum to width*height. A mask with few edges costs a few bytes per row instead of W*H bytes,
 * and decoding is one pass (fast enough for every click).
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let o = 0; o < bytes.length; o += CHUNK) {
    const end = Math.min(bytes.length, o + CHUNK);
    let s = '';
    for (let i = o; i < end; i += 3) {
      const a = bytes[i] as number;
      const b = i + 1 < end ? (bytes[i + 1] as number) : 0;
      const c = i + 2 < end ? (bytes[i + 2] as number) : 0;
      const n = (a << 16) | (b << 8) | c;
      s += B64[n >> 18];
      s += B64[(n >> 12) & 63];
      s += i + 1 < end ? B64[(n >> 6) & 63] : '=';
      s += i + 2 < end ? B64[n & 63] : '=';
    }
    parts.push(s);
  }
  return parts.join('');
}

export function base64ToBytes(s: string): Uint8Array {
  if (s.length % 4 !== 0) throw new Error('base64: length is not a multiple of 4');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const ch = s.charCodeAt(i + k);
      const v = ch === 61 /* = */ && i + k >= s.length - pad ? 0 : ch < 128 ? (B64_INDEX[ch] as number) : -1;
      if (v < 0) throw new Error(`base64: bad character at ${i + k}`);
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Growable byte buffer of LEB128 run lengths (typed, so a 16-megapixel mask never boxes numbers). */
export class RunWriter {
  private buf = new Uint8Array(1024);
  private n = 0;
  push(run: number): void {
    if (this.n + 8 > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    let r = run;
    while (r >= 128) {
      this.buf[this.n++] = (r & 127) | 128;
      r = Math.floor(r / 128);
    }
    this.buf[this.n++] = r;
  }
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
  /** The runs in a buffer of their own: a view would carry the whole grown buffer across processes. */
  copy(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

/** Any nonzero value is "in the mask". Returns the EncodedMask bytes. */
export function encodeMask(mask: ArrayLike<number>): Uint8Array {
  return encodeWhere(mask, (v) => v !== 0).mask;
}

/**
 * Logits (or any values) -> EncodedMask of `value > t` and its area, in one pass with no 0/1 plane in
 * between (a click on a 4096^2 image saves a 16 MB allocation and a second scan).
 */
export function encodeThreshold(values: Float32Array, t = 0): { mask: Uint8Array; area: number } {
  return encodeWhere(values, (v) => v > t);
}

function encodeWhere(
  values: ArrayLike<number>,
  on: (v: number) => boolean,
): { mask: Uint8Array; area: number } {
  const w = new RunWriter();
  let cur = false;
  let start = 0;
  let area = 0;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (on(values[i] as number) !== cur) {
      w.push(i - start);
      if (cur) area += i - start;
      cur = !cur;
      start = i;
    }
  }
  w.push(n - start);
  if (cur) area += n - start;
  return { mask: w.copy(), area };
}

/** EncodedMask -> [height*width] bytes, `on` (default 1; use 255 for an alpha plane) where set, else 0. */
export function decodeMask(encoded: Uint8Array | string, width: number, height: number, on = 1): Uint8Array {
  const bytes = typeof encoded === 'string' ? base64ToBytes(encoded) : encoded;
  const n = width * height;
  const out = new Uint8Array(n);
  let pos = 0;
  let cur = 0;
  let i = 0;
  while (i < bytes.length) {
    let run = 0;
    let mul = 1;
    for (;;) {
      const b = bytes[i++];
      if (b === undefined) throw new Error('mask: truncated run length');
      run += (b & 127) * mul;
      if (b < 128) break;
      mul *= 128;
    }
    if (pos + run > n) throw new Error(`mask: runs exceed ${width}x${height}`);
    if (cur === 1) out.fill(on, pos, pos + run);
    pos += run;
    cur ^= 1;
  }
  if (pos !== n) throw new Error(`mask: runs cover ${pos} pixels, expected ${width}x${height}`);
  return out;
}

/** Pixels set in an EncodedMask, without materialising it. */
export function maskArea(encoded: Uint8Array | string): number {
  const bytes = typeof encoded === 'string' ? base64ToBytes(encoded) : encoded;
  let area = 0;
  let cur = 0;
  let i = 0;
  while (i < bytes.length) {
    let run = 0;
    let mul = 1;
    for (;;) {
      const b = bytes[i++] as number;
      run += (b & 127) * mul;
      if (b < 128 || i >= bytes.length) break;
      mul *= 128;
    }
    if (cur === 1) area += run;
    cur ^= 1;
  }
  return area;
}

/** base64 of float32 little-endian (DepthEstimate.z0 / disparity) -> Float32Array. */
export function base64ToFloat32(s: string): Float32Array {
  const bytes = base64ToBytes(s);
  if (bytes.length % 4 !== 0) throw new Error('float32: byte length is not a multiple of 4');
  const out = new Float32Array(bytes.length / 4);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(i * 4, true);
  return out;
}

export function float32ToBase64(a: Float32Array): string {
  const bytes = new Uint8Array(a.length * 4);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < a.length; i++) dv.setFloat32(i * 4, a[i] as number, true);
  return bytesToBase64(bytes);
}
