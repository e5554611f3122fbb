/**
 * How the source image maps onto the generation frame (W x H): the one framing rule shared by the canvas's
 * frame, the live control preview, the generation (control signal and input image), the exports and the CLI.
 *
 * - crop: a rectangle of the frame's aspect inside the image (movable, scalable) fills the whole frame.
 * - letterbox: the whole image, aspect kept, centred in the frame; the bars are black (image) and
 *   background (masks), and the depth map continues its edge values into them.
 * - stretch: the whole image fills the frame, aspect ignored (the reference's behaviour).
 *
 * Everything is decided once, as whole pixels, in `placeFrame`: the source rectangle `src` (image pixels)
 * is resized to the destination rectangle `dst` (frame pixels): the image with Pillow's BILINEAR and `src`
 * as its resize box, masks and depth by the same pixel-centre mapping (nearest, bilinear).
 */

export type FitMode = 'crop' | 'letterbox' | 'stretch';

/**
 * The crop frame, independent of the image's and the frame's pixel sizes: its centre as a fraction of the
 * image (0..1 each way) and its size as a fraction of the largest rectangle of the frame's aspect that fits
 * inside the image (1 = largest). The same frame so survives a change of generation size.
 */
export interface CropFrame {
  readonly cx: number;
  readonly cy: number;
  readonly scale: number;
}

export interface Framing {
  readonly fit: FitMode;
  readonly frame: CropFrame;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** `src` (whole image pixels) is resized onto `dst` (whole frame pixels) of a width x height frame. */
export interface Placement {
  readonly width: number;
  readonly height: number;
  readonly src: Rect;
  readonly dst: Rect;
}

export const CENTRED_FRAME: CropFrame = { cx: 0.5, cy: 0.5, scale: 1 };
/** The smallest crop frame: 1/8 of the largest (a closer crop than that has too few source pixels). */
export const MIN_CROP_SCALE = 0.125;

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** The crop rectangle in image pixels (whole pixels, inside the image, the frame's aspect to a pixel). */
export function cropRect(image: Size, target: Size, frame: CropFrame): Rect {
  const aspect = target.width / target.height;
  const fitW = Math.min(image.width, image.height * aspect);
  const s = clamp(Number.isFinite(frame.scale) ? frame.scale : 1, MIN_CROP_SCALE, 1);
  const w = clamp(Math.round(fitW * s), 1, image.width);
  const h = clamp(Math.round((fitW * s) / aspect), 1, image.height);
  const x = clamp(Math.round(frame.cx * image.width - w / 2), 0, image.width - w);
  const y = clamp(Math.round(frame.cy * image.height - h / 2), 0, image.height - h);
  return { x, y, w, h };
}

/** The crop frame whose rectangle is (about) `r`, for the canvas handles; the inverse of cropRect. */
export function frameFromRect(image: Size, target: Size, r: Rect): CropFrame {
  const fitW = Math.min(image.width, (image.height * target.width) / target.height);
  return {
    cx: clamp((r.x + r.w / 2) / image.width, 0, 1),
    cy: clamp((r.y + r.h / 2) / image.height, 0, 1),
    scale: clamp(r.w / fitW, MIN_CROP_SCALE, 1),
  };
}

/** Where the image lands in a target.width x target.height frame under `framing`. */
export function placeFrame(image: Size, target: Size, framing: Framing): Placement {
  const { width: W, height: H } = target;
  const whole: Rect = { x: 0, y: 0, w: image.width, h: image.height };
  const full: Rect = { x: 0, y: 0, w: W, h: H };
  if (framing.fit === 'crop')
    return { width: W, height: H, src: cropRect(image, target, framing.frame), dst: full };
  if (framing.fit === 'letterbox') {
    const k = Math.min(W / image.width, H / image.height);
    const w = clamp(Math.round(image.width * k), 1, W);
    const h = clamp(Math.round(image.height * k), 1, H);
    const dst = { x: Math.floor((W - w) / 2), y: Math.floor((H - h) / 2), w, h };
    return { width: W, height: H, src: whole, dst };
  }
  return { width: W, height: H, src: whole, dst: full };
}

/** An image point (pixels, continuous) in frame pixels (continuous); may fall outside the frame. */
export function imageToFrame(p: { x: number; y: number }, pl: Placement): { x: number; y: number } {
  return {
    x: pl.dst.x + ((p.x - pl.src.x) * pl.dst.w) / pl.src.w,
    y: pl.dst.y + ((p.y - pl.src.y) * pl.dst.h) / pl.src.h,
  };
}

/** A frame point (continuous) in image pixels (continuous): the inverse of imageToFrame. */
export function frameToImage(p: { x: number; y: number }, pl: Placement): { x: number; y: number } {
  return {
    x: pl.src.x + ((p.x - pl.dst.x) * pl.src.w) / pl.dst.w,
    y: pl.src.y + ((p.y - pl.dst.y) * pl.src.h) / pl.dst.h,
  };
}

/**
 * The frame pixel a trajectory point drives: the pixel containing its image position, clamped into the
 * frame (a point outside a crop still pulls its object toward that edge; the control engine needs pixels).
 */
export function framePixel(p: { x: number; y: number }, pl: Placement): { x: number; y: number } {
  const f = imageToFrame(p, pl);
  return {
    x: clamp(Math.floor(f.x), 0, pl.width - 1),
    y: clamp(Math.floor(f.y), 0, pl.height - 1),
  };
}

/**
 * For each of the dstLen frame columns (or rows) of dst: where its centre falls in a map covering the
 * image, `scale` map pixels an image pixel (continuous, map pixel units; maps may be smaller than the image).
 */
function centres(dstLen: number, src0: number, srcLen: number, scale: number): Float64Array {
  const out = new Float64Array(dstLen);
  for (let i = 0; i < dstLen; i++) out[i] = (src0 + ((i + 0.5) * srcLen) / dstLen) * scale;
  return out;
}

/**
 * A mask ([mh, mw] bytes, covering the whole image) in the frame, nearest neighbour: frame pixel ->
 * the map pixel under its centre. Outside dst (letterbox bars) is 0. Values are copied as they are.
 */
export function frameMask(
  data: Uint8Array,
  mw: number,
  mh: number,
  image: Size,
  pl: Placement,
): Uint8Array<ArrayBuffer> {
  const { dst, src } = pl;
  const out = new Uint8Array(pl.width * pl.height);
  const xs = centres(dst.w, src.x, src.w, mw / image.width).map((v) => clamp(Math.floor(v), 0, mw - 1));
  const ys = centres(dst.h, src.y, src.h, mh / image.height).map((v) => clamp(Math.floor(v), 0, mh - 1));
  for (let j = 0; j < dst.h; j++) {
    const row = (ys[j] as number) * mw;
    const o = (dst.y + j) * pl.width + dst.x;
    for (let i = 0; i < dst.w; i++) out[o + i] = data[row + (xs[i] as number)] as number;
  }
  return out;
}

/**
 * A float map ([mh, mw], covering the whole image) in the frame, bilinear between map pixel centres with
 * edges clamped. Outside dst (letterbox bars) each pixel takes the value at the nearest edge of the image.
 */
export function frameFloat(
  data: Float32Array,
  mw: number,
  mh: number,
  image: Size,
  pl: Placement,
): Float32Array<ArrayBuffer> {
  const { dst, src, width: W, height: H } = pl;
  const colX = centres(dst.w, src.x, src.w, mw / image.width);
  const rowY = centres(dst.h, src.y, src.h, mh / image.height);
  const taps = (c: number, n: number) => {
    const f = clamp(c - 0.5, 0, n - 1);
    const a = Math.floor(f);
    return { a, b: Math.min(n - 1, a + 1), t: f - a };
  };
  const tx = Array.from(colX, (c) => taps(c, mw));
  const ty = Array.from(rowY, (c) => taps(c, mh));
  const out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    const r = ty[clamp(y - dst.y, 0, dst.h - 1)] as { a: number; b: number; t: number };
    for (let x = 0; x < W; x++) {
      const c = tx[clamp(x - dst.x, 0, dst.w - 1)] as { a: number; b: number; t: number };
      const p = (data[r.a * mw + c.a] as number) * (1 - c.t) + (data[r.a * mw + c.b] as number) * c.t;
      const q = (data[r.b * mw + c.a] as number) * (1 - c.t) + (data[r.b * mw + c.b] as number) * c.t;
      out[y * W + x] = p * (1 - r.t) + q * r.t;
    }
  }
  return out;
}

/**
 * An RGB8 resize of the box [x0, x1) x [y0, y1) of an [h, w, 3] image to [outH, outW, 3] (the caller passes
 * Pillow's BILINEAR with its resize box: src-shared/image/pilResize.ts).
 */
export type Rgb8Resize = (
  rgb: Uint8Array,
  w: number,
  h: number,
  outW: number,
  outH: number,
  box: { x0: number; y0: number; x1: number; y1: number },
) => Uint8Array;

/**
 * The image ([h, w, 3] RGB8, the whole image) as the generation input [H, W, 3]: `src` resized to dst's
 * size with `resize`, pasted at dst on black (PIL: `img.resize(dst size, BILINEAR, box=src)`).
 */
export function frameRgb8(rgb: Uint8Array, image: Size, pl: Placement, resize: Rgb8Resize): Uint8Array {
  const { src, dst } = pl;
  const box = { x0: src.x, y0: src.y, x1: src.x + src.w, y1: src.y + src.h };
  const resized = resize(rgb, image.width, image.height, dst.w, dst.h, box);
  if (dst.w === pl.width && dst.h === pl.height) return resized;
  const out = new Uint8Array(pl.width * pl.height * 3);
  for (let y = 0; y < dst.h; y++)
    out.set(resized.subarray(y * dst.w * 3, (y + 1) * dst.w * 3), ((dst.y + y) * pl.width + dst.x) * 3);
  return out;
}

/** Which frame shapes suit an image: landscape images may use a landscape frame when one is offered. */
export function isLandscape(image: Size): boolean {
  return image.width > image.height;
}
