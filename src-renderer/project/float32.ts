/** Depth entries (raw little-endian float32 [H, W]) <-> Float32Array. */
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
