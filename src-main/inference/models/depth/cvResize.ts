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

/** What to resize: interleaved [h,w,cn] samples, optionally read as `src[i] / divisor` from another order. */
export interface CubicSource {
  data: Float64Array | Uint8Array;
  width: number;
  height: number;
  channels: number;
  /** Source channel of each output channel (e.g. [2,1,0]: RGB read as BGR); default in order. */
  order?: readonly number[];
  /**
   * Each sample is read as `data[i] / divisor` in double: what a float64 copy divided first would hold, so
   * uint8 pixels resize exactly as their /255 float64 image without that image-size copy (8 bytes a sample:
   * 400 MB for a 4096 px photo). Default 1.
   */
  divisor?: number;
}

/**
 * Interleaved [h,w,cn] -> float64 [outH,outW,cn]. The horizontal pass runs per source row when a vertical tap
 * first needs it and keeps only the last few rows (taps move down monotonically), as OpenCV buffers rows, so
 * nothing image-sized is allocated.
 */
export function resizeCubicF64(src: CubicSource, outW: number, outH: number): Float64Array {
  const { data, width: w, height: h, channels: cn, divisor = 1 } = src;
  const order = src.order ?? Array.from({ length: cn }, (_, c) => c);
  const ax = axis(w, outW);
  const ay = axis(h, outH);
  const rowLen = outW * cn;
  const rows = new Map<number, Float64Array>();
  const hrow = (y: number): Float64Array => {
    const known = rows.get(y);
    if (known) return known;
    const row = new Float64Array(rowLen);
    const srow = y * w * cn;
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
        const o = srow + (order[c] as number);
        row[x * cn + c] =
          ((data[o + i0] as number) / divisor) * a0 +
          ((data[o + i1] as number) / divisor) * a1 +
          ((data[o + i2] as number) / divisor) * a2 +
          ((data[o + i3] as number) / divisor) * a3;
      }
    }
    rows.set(y, row);
    // Four taps per output row, never moving up: eight rows cover the current and the previous output row.
    if (rows.size > 8) rows.delete(rows.keys().next().value as number);
    return row;
  };
  const out = new Float64Array(outH * rowLen);
  for (let y = 0; y < outH; y++) {
    const r0 = hrow(ay.idx[y * 4] as number);
    const r1 = hrow(ay.idx[y * 4 + 1] as number);
    const r2 = hrow(ay.idx[y * 4 + 2] as number);
    const r3 = hrow(ay.idx[y * 4 + 3] as number);
    const b0 = ay.coef[y * 4] as number;
    const b1 = ay.coef[y * 4 + 1] as number;
    const b2 = ay.coef[y * 4 + 2] as number;
    const b3 = ay.coef[y * 4 + 3] as number;
    const d = y * rowLen;
    for (let x = 0; x < rowLen; x++) {
      out[d + x] =
        (r0[x] as number) * b0 + (r1[x] as number) * b1 + (r2[x] as number) * b2 + (r3[x] as number) * b3;
    }
  }
  return out;
}
