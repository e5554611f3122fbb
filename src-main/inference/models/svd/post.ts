/** Decoder output [n,3,H,W] in about [-1,1] -> [0,1] (x/2 + 0.5, clamped), in place into `dst`. */
export function toUnit(decoded: Float32Array, dst: Float32Array, offset = 0): void {
  for (let i = 0; i < decoded.length; i++) {
    const v = Math.fround(Math.fround((decoded[i] ?? 0) / 2) + 0.5);
    dst[offset + i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
}

/** Round half to even, as numpy's round (the reference's `(x * 255).round()`). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** frames01 [F,3,H,W] -> F interleaved RGB8 images [H,W,3], round(x * 255) half to even. */
export function framesToRgb8(
  frames01: Float32Array,
  frames: number,
  width: number,
  height: number,
): Uint8Array[] {
  const n = width * height;
  const out: Uint8Array[] = [];
  for (let f = 0; f < frames; f++) {
    const rgb = new Uint8Array(3 * n);
    const base = f * 3 * n;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++)
        rgb[3 * i + c] = roundHalfEven(Math.fround((frames01[base + c * n + i] ?? 0) * 255));
    }
    out.push(rgb);
  }
  return out;
}

/** latents [F,4,h,w] / scalingFactor (what the decoder expects). */
export function unscaleLatents(latents: Float32Array, scalingFactor: number): Float32Array {
  const out = new Float32Array(latents.length);
  const s = Math.fround(scalingFactor);
  for (let i = 0; i < out.length; i++) out[i] = (latents[i] ?? 0) / s;
  return out;
}
