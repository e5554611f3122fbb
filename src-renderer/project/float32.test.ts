import { describe, expect, it } from 'vitest';
import { bytesToFloat32, float32ToBytes } from './float32';

describe('float32 project entries', () => {
  it('are little-endian and round-trip', () => {
    const f = Float32Array.of(1, -2.5, 0.1, 3e38);
    const bytes = float32ToBytes(f);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0, 0x80, 0x3f]); // 1.0f
    expect(Array.from(bytesToFloat32(bytes))).toEqual(Array.from(f));
  });

  it('reads an entry that does not start on a 4-byte boundary', () => {
    const f = Float32Array.of(0.25, -7);
    const shifted = new Uint8Array(9);
    shifted.set(float32ToBytes(f), 1);
    expect(Array.from(bytesToFloat32(shifted.subarray(1)))).toEqual([0.25, -7]);
  });
});
