/**
 * cv2.resize(src, (outW, outH), interpolation=INTER_CUBIC) on a float64 image, written from OpenCV 4.8's
 * generic resize (resizeGeneric_ with HResizeCubic/VResizeCubic, no SIMD path for double):
 * - source coordinate f = float((d + 0.5) * scale - 0.5) with scale = in/out in double, s = floor(f),
 *   fraction f - s in float32;
 * - Keys cubic with A = -0.75, coefficients in float32 (interpolateCubic), the 4th = 1 - the other three;
 * - taps outside the image are clamped to the edge (replicate); sums in double, horizontal pass first.
 * Overshoot is not clipped (float output).
 */
const f32 = Math.fround;
const A = -0.75;

function cubicCoeffs(x: number): [number, number, number, number] {
  const x1 = f32(x + 1);
  const c0 = f32(f32(f32(f32(f32(f32(A * x1) - f32(5 * A)) * x1) + f32(8 * A)) * x1) - f32(4 * A));
  const c1 = f32(f32(f32(f32(f32((A + 2) * x) - (A + 3)) * x) * x) + 1);
  const y = f32(1 - x);
  const c2 = f32(f32(f32(f32(f32((A + 2) * y) - (A + 3)) * y) * y) + 1);
  const c3 = f32(f32(f32(1 - c0) - c1) - c2);
  return [c0, c1, c2, c3];
}

interface Axis {
  /** [out*4] source indices (already clamped) */
  idx: Int32Array;
  /** [out*4] float32 coefficients */
  coef: Float32Array;
}

function axis(inSize: number, outSize: number): Axis {
  const scale = 1 / (outSize / inSize); // OpenCV: scale_x = 1. / inv_scale_x, inv_scale_x = dsize/ssize
  const idx = new Int32Array(outSize * 4);
  const coef = new Float32Array(outSize * 4);
  for (let d = 0; d < outSize; d++) {
    const f = f32((d + 0.5) * scale - 0.5);
    const s = Math.floor(f);
    const c = cubicCoeffs(f32(f - s));
    for (let k = 0; k < 4; k++) {
      idx[d * 4 + k] = Math.min(Math.max(s - 1 + k, 0), inSize - 1);
      coef[d * 4 + k] = c[k] as number;
    }
  }
  return { idx, coef };
}

/** Interleaved float64 [h,w,cn] -> [outH,outW,cn]. */
export function resizeCubicF64(
  src: Float64Array,
  w: number,
  h: number,
  cn: number,
  outW: number,
  outH: number,
): Float64Array {
  const ax = axis(w, outW);
  const ay = axis(h, outH);
  // Horizontal pass over every source row (OpenCV buffers only the rows it needs; the values are the same).
  const rowLen = outW * cn;
  const hbuf = new Float64Array(h * rowLen);
  for (let y = 0; y < h; y++) {
    const srow = y * w * cn;
    const drow = y * rowLen;
    for (let x = 0; x < outW; x++) {
      const i0 = (ax.idx[x * 4] as number) * cn;
      const i1 = (ax.idx[x * 4 + 1] as number) * cn;
      const i2 = (ax.idx[x * 4 + 2] as number) * cn;
      const i3 = (ax.idx[x * 4 + 3] as number) * cn;
      const a0 = ax.coef[x * 4] as number;
      const a1 = ax.coef[x * 4 + 1] as number;
      const a2 = ax.coef[x * 4 + 2] as number;
      const a3 = ax.coef[x * 4 + 3] as number;
      for (let c = 0; c < cn; c++) {
        const o = srow + c;
        hbuf[drow + x * cn + c] =
          (src[o + i0] as number) * a0 +
          (src[o + i1] as number) * a1 +
          (src[o + i2] as number) * a2 +
          (src[o + i3] as number) * a3;
      }
    }
  }
  const out = new Float64Array(outH * rowLen);
  for (let y = 0; y < outH; y++) {
    const r0 = (ay.idx[y * 4] as number) * rowLen;
    const r1 = (ay.idx[y * 4 + 1] as number) * rowLen;
    const r2 = (ay.idx[y * 4 + 2] as number) * rowLen;
    const r3 = (ay.idx[y * 4 + 3] as number) * rowLen;
    const b0 = ay.coef[y * 4] as number;
    const b1 = ay.coef[y * 4 + 1] as number;
    const b2 = ay.coef[y * 4 + 2] as number;
    const b3 = ay.coef[y * 4 + 3] as number;
    const d = y * rowLen;
    for (let x = 0; x < rowLen; x++) {
      out[d + x] =
        (hbuf[r0 + x] as number) * b0 +
        (hbuf[r1 + x] as number) * b1 +
        (hbuf[r2 + x] as number) * b2 +
        (hbuf[r3 + x] as number) * b3;
    }
  }
  return out;
}
