/**
 * Pillow's 8-bit BILINEAR resize (libImaging/Resample.c), which SAM v1's ResizeLongestSide reaches through
 * torchvision's PIL path and transformers' SamImageProcessor through PIL too: a triangle filter widened by the
 * scale when shrinking, coefficients in fixed point (22 fraction bits), horizontal pass then vertical, each
 * rounded and clipped to uint8. Written from that algorithm so the resized pixels match bit for bit.
 */
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;

interface Coeffs {
  bounds: Int32Array; // [out, 2]: first source index, tap count
  ksize: number;
  k: Float64Array; // [out, ksize] fixed-point integers (as doubles: exact below 2^53)
}

function coeffs(inSize: number, outSize: number): Coeffs {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = 1 * filterscale; // bilinear support 1
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const k = new Float64Array(outSize * ksize);
  const w = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterscale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const t = Math.abs((x + xmin - center + 0.5) * ss);
      w[x] = t < 1 ? 1 - t : 0;
      ww += w[x] as number;
    }
    for (let x = 0; x < xmax; x++) {
      const v = ww !== 0 ? (w[x] as number) / ww : (w[x] as number);
      // normalize_coeffs_8bpc: round half away from zero (C casts truncate)
      k[xx * ksize + x] = v < 0 ? Math.trunc(-0.5 + v * ONE) : Math.trunc(0.5 + v * ONE);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { bounds, ksize, k };
}

function clip8(v: number): number {
  if (v >= ONE * 256) return 255;
  if (v <= 0) return 0;
  return Math.floor(v / ONE);
}

/** One pass along an axis of an RGB uint8 image. `stride` = distance between taps, `lines` = the other axis. */
function pass(
  src: Uint8Array,
  c: Coeffs,
  outLen: number,
  lines: number,
  at: (line: number, i: number) => number,
  dst: Uint8Array,
  put: (line: number, i: number) => number,
): void {
  for (let line = 0; line < lines; line++) {
    for (let o = 0; o < outLen; o++) {
      const min = c.bounds[o * 2] as number;
      const n = c.bounds[o * 2 + 1] as number;
      for (let ch = 0; ch < 3; ch++) {
        let ss = ONE / 2;
        for (let j = 0; j < n; j++)
          ss += (src[at(line, min + j) + ch] as number) * (c.k[o * c.ksize + j] as number);
        dst[put(line, o) + ch] = clip8(ss);
      }
    }
  }
}

/** RGB uint8 [h,w,3] -> RGB uint8 [outH,outW,3], as PIL Image.resize((outW, outH), Image.BILINEAR). */
export function pilResizeBilinear(
  rgb: Uint8Array,
  w: number,
  h: number,
  outW: number,
  outH: number,
): Uint8Array {
  let cur = rgb;
  let cw = w;
  if (outW !== w) {
    const tmp = new Uint8Array(outW * h * 3);
    pass(
      cur,
      coeffs(w, outW),
      outW,
      h,
      (y, x) => (y * w + x) * 3,
      tmp,
      (y, x) => (y * outW + x) * 3,
    );
    cur = tmp;
    cw = outW;
  }
  if (outH !== h) {
    const out = new Uint8Array(cw * outH * 3);
    pass(
      cur,
      coeffs(h, outH),
      outH,
      cw,
      (x, y) => (y * cw + x) * 3,
      out,
      (x, y) => (y * cw + x) * 3,
    );
    cur = out;
  }
  return cur === rgb ? rgb.slice() : cur;
}
