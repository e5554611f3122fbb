/**
 * Pillow's 8-bit BILINEAR resize (libImaging/Resample.c), bit for bit: the one resize of every image the
 * reference makes with `Image.resize(size, Image.BILINEAR)` - the generation input stretched to the pack
 * size (docs/levitor-method.md section 0: LeviTor's demo), SAM v1's ResizeLongestSide, and any other framing of
 * the generation input (crop, letterbox) that must keep the reference's filter. Use it; do not copy it.
 *
 * API (pure TypeScript, no platform imports):
 * - `pilResize(src, width, height, channels, outWidth, outHeight, box?)`: `src` is interleaved uint8
 *   [height, width, channels], channels 1..4, each channel filtered on its own (Pillow premultiplies alpha
 *   for RGBA images: pass RGB, or premultiply first). `box` = the source rectangle to resize, as Pillow's
 *   `box` argument: edges in pixel units, floats allowed, default the whole image. A crop framing is a box;
 *   a letterbox framing is a resize to the fitted size, then padding by the caller. Returns a new
 *   [outHeight, outWidth, channels] array (a copy when nothing changes, as Pillow).
 * - `pilResizeBilinear(rgb, width, height, outWidth, outHeight)`: the RGB shorthand.
 *
 * The algorithm: a triangle filter whose support widens by the scale when shrinking (so a shrink is
 * antialiased), coefficients normalised per output pixel and stored in fixed point (22 fraction bits,
 * rounded half away from zero), a horizontal pass then a vertical pass, each rounded and clipped to uint8.
 */
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;

/** The source rectangle, as Pillow's resize `box` (x0, y0, x1, y1). */
export interface PilBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface Coeffs {
  bounds: Int32Array; // [out, 2]: first source index, tap count
  ksize: number;
  k: Float64Array; // [out, ksize] fixed-point integers (as doubles: exact below 2^53)
}

/** precompute_coeffs + normalize_coeffs_8bpc for one axis: source span [in0, in1) of inSize -> outSize. */
function coeffs(inSize: number, in0: number, in1: number, outSize: number): Coeffs {
  const scale = (in1 - in0) / outSize;
  const filterscale = Math.max(scale, 1);
  const support = 1 * filterscale; // the bilinear (triangle) filter's support is 1
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const k = new Float64Array(outSize * ksize);
  const w = new Float64Array(ksize);
  const ss = 1 / filterscale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = in0 + (xx + 0.5) * scale;
    // C casts truncate toward zero, then clamp to the image
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

/**
 * One pass along an axis: for each of `lines` lines, `outLen` outputs from taps `step` elements apart.
 * `srcAt(line, i)` / `dstAt(line, o)` give the element offset of a pixel's first channel.
 */
function pass(
  src: Uint8Array,
  dst: Uint8Array,
  channels: number,
  c: Coeffs,
  outLen: number,
  lines: number,
  step: number,
  srcAt: (line: number, i: number) => number,
  dstAt: (line: number, o: number) => number,
): void {
  for (let line = 0; line < lines; line++) {
    for (let o = 0; o < outLen; o++) {
      const first = srcAt(line, c.bounds[o * 2] as number);
      const n = c.bounds[o * 2 + 1] as number;
      const kb = o * c.ksize;
      const d = dstAt(line, o);
      for (let ch = 0; ch < channels; ch++) {
        let acc = ONE / 2;
        for (let j = 0; j < n; j++) acc += (src[first + j * step + ch] as number) * (c.k[kb + j] as number);
        dst[d + ch] = clip8(acc);
      }
    }
  }
}

function checkArgs(
  len: number,
  w: number,
  h: number,
  ch: number,
  outW: number,
  outH: number,
  b: PilBox,
): void {
  if (!Number.isInteger(ch) || ch < 1 || ch > 4) throw new RangeError(`pilResize: ${ch} channels (1..4)`);
  if (len !== w * h * ch) throw new RangeError(`pilResize: ${len} bytes for ${w}x${h}x${ch}`);
  if (!(Number.isInteger(outW) && Number.isInteger(outH) && outW > 0 && outH > 0))
    throw new RangeError(`pilResize: output size ${outW}x${outH}`);
  // Pillow's own refusals: negative offset, beyond the image, empty
  if (!(b.x0 >= 0 && b.y0 >= 0 && b.x1 <= w && b.y1 <= h && b.x1 > b.x0 && b.y1 > b.y0))
    throw new RangeError(`pilResize: box (${b.x0}, ${b.y0}, ${b.x1}, ${b.y1}) is not inside ${w}x${h}`);
}

export function pilResize(
  src: Uint8Array,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
  box: PilBox = { x0: 0, y0: 0, x1: width, y1: height },
): Uint8Array {
  checkArgs(src.length, width, height, channels, outWidth, outHeight, box);
  const needH = outWidth !== width || box.x0 !== 0 || box.x1 !== width;
  const needV = outHeight !== height || box.y0 !== 0 || box.y1 !== height;
  const cv = coeffs(height, box.y0, box.y1, outHeight);
  // Like Pillow, the horizontal pass covers only the source rows the vertical pass reads.
  const rowFirst = needV ? (cv.bounds[0] as number) : 0;
  const rowEnd = needV
    ? (cv.bounds[outHeight * 2 - 2] as number) + (cv.bounds[outHeight * 2 - 1] as number)
    : height;
  let cur = src;
  let curW = width;
  let rows = height;
  let rowShift = 0;
  if (needH) {
    const ch = coeffs(width, box.x0, box.x1, outWidth);
    rows = rowEnd - rowFirst;
    const tmp = new Uint8Array(outWidth * rows * channels);
    pass(
      src,
      tmp,
      channels,
      ch,
      outWidth,
      rows,
      channels,
      (y, x) => ((y + rowFirst) * width + x) * channels,
      (y, x) => (y * outWidth + x) * channels,
    );
    cur = tmp;
    curW = outWidth;
    rowShift = rowFirst;
  }
  if (needV) {
    const out = new Uint8Array(curW * outHeight * channels);
    const stride = curW * channels;
    pass(
      cur,
      out,
      channels,
      cv,
      outHeight,
      curW,
      stride,
      (x, y) => (y - rowShift) * stride + x * channels,
      (x, y) => (y * curW + x) * channels,
    );
    cur = out;
  }
  return cur === src ? src.slice() : cur;
}

/** RGB uint8 [h,w,3] -> RGB uint8 [outH,outW,3], as PIL `Image.resize((outW, outH), Image.BILINEAR)`. */
export function pilResizeBilinear(
  rgb: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  return pilResize(rgb, width, height, 3, outWidth, outHeight);
}
