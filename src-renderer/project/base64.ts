/** base64 <-> bytes for project entries (the contract carries binary entries as base64 strings). */
export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = 61; // '='
const ascii = new TextDecoder('latin1'); // the output is ASCII only, so any single-byte decoding is exact

/**
 * Standard base64 with padding. Encodes straight into an ASCII byte array and decodes that once: depth maps
 * and masks of large images are tens of MB, and building a binary string for btoa took seconds for 64 MB
 * (about ten times longer, measured under Node) on the thread that draws the canvas.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const full = n - (n % 3);
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i < full; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = CODES[v >>> 18] as number;
    out[o++] = CODES[(v >>> 12) & 63] as number;
    out[o++] = CODES[(v >>> 6) & 63] as number;
    out[o++] = CODES[v & 63] as number;
  }
  if (n > full) {
    const v = ((bytes[i] as number) << 16) | (n - full === 2 ? (bytes[i + 1] as number) << 8 : 0);
    out[o++] = CODES[v >>> 18] as number;
    out[o++] = CODES[(v >>> 12) & 63] as number;
    out[o++] = n - full === 2 ? (CODES[(v >>> 6) & 63] as number) : PAD;
    out[o++] = PAD;
  }
  return ascii.decode(out);
}

/**
 * bytesToBase64 in pieces of `chunk` bytes (a multiple of 3, so the pieces join without padding: one per
 * chunk, at least one), waiting a task between them: a 4-megapixel depth map (16 MB) no longer holds the
 * thread that draws the canvas for one long frame. The pieces joined are bytesToBase64's output.
 */
export async function bytesToBase64Pieces(bytes: Uint8Array, chunk = 3 << 19): Promise<string[]> {
  if (chunk % 3 !== 0 || chunk <= 0) throw new Error(`chunk must be a positive multiple of 3, got ${chunk}`);
  if (bytes.length <= chunk) return [bytesToBase64(bytes)];
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += chunk) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    parts.push(bytesToBase64(bytes.subarray(i, i + chunk)));
  }
  return parts;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** float32 little-endian [H, W] entry <-> Float32Array (copied: entries need not be 4-byte aligned). */
export function bytesToFloat32(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length >> 2);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(i * 4, true);
  return out;
}

/** The float32 values as little-endian bytes: a view of the same memory on little-endian machines. */
export function float32ToBytes(data: Float32Array): Uint8Array {
  if (littleEndian) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) dv.setFloat32(i * 4, data[i] as number, true);
  return out;
}
