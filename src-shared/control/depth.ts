/**
 * Section 1: network disparity -> 8-bit Dn -> LeviTor depth Z0 (smaller = nearer).
 * numpy does this on a float32 array: (D - min) / (max - min) * 255, each op rounded to float32, divide
 * first, then multiply; astype(uint8) truncates.
 */
import { ControlError } from './errors';

const f32 = Math.fround;

/** disparity float32 [H*W] -> Dn uint8 [H*W]. A constant map has no range: every Dn is 0 (Z0 = 1). */
export function disparityToDn(disp: Float32Array): Uint8Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < disp.length; i++) {
    const v = disp[i] as number;
    if (!Number.isFinite(v)) throw new ControlError('bad-depth', `depth map has a non-finite value at ${i}`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const out = new Uint8Array(disp.length);
  const range = f32(max - min);
  if (!(range > 0)) return out;
  for (let i = 0; i < disp.length; i++) {
    const q = f32(f32(f32((disp[i] as number) - min) / range) * 255);
    out[i] = Math.trunc(q); // q in [0, 255]
  }
  return out;
}

/** Dn -> Z0 = 1 / Dn in float64, Dn = 0 -> 1 (the reference maps the infinity to 1). */
export function dnToZ0(dn: Uint8Array): Float64Array {
  const z = new Float64Array(dn.length);
  for (let i = 0; i < dn.length; i++) {
    const d = dn[i] as number;
    z[i] = d === 0 ? 1 : 1 / d;
  }
  return z;
}

/** A Z0 map given directly (float32 file values, widened to float64); must be finite and > 0. */
export function z0FromFloat32(z: Float32Array): Float64Array {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const v = z[i] as number;
    if (!(v > 0) || !Number.isFinite(v))
      throw new ControlError('bad-depth', `Z0 depth must be finite and > 0 (pixel ${i} is ${v})`);
    out[i] = v;
  }
  return out;
}
