import { bilinearTaps } from '../image/bilinear';
import { RunWriter } from './maskCodec';

const f32 = Math.fround;

/**
 * SAM2 low-res logits [inH,inW] (256x256) upsampled to [outH,outW], one output row at a time (`row(y)`, the
 * same reused Float32Array of outW values each call), so no image-size float plane is ever made and the
 * caller decides when to stop for other work. The arithmetic is SAM2's post-processing as the sam2 runner
 * does it (src-main/inference/models/sam2/resize.ts upsampleBilinear: torch bilinear, align_corners=False,
 * float32 at each step), so every value is the same; it is only reordered: each source row is interpolated
 * horizontally once (inH x outW values) instead of twice per output pixel. A plane already at the output
 * size is handed out row by row as it is.
 */
export class UpsampledRows {
  private readonly same: boolean;
  private readonly tx;
  private readonly ty;
  /** rows[r] = source row r interpolated along x, float32 [inH, outW], filled on first use. */
  private readonly rows: Float32Array;
  private readonly done: Uint8Array;
  private readonly out: Float32Array;

  constructor(
    private readonly src: Float32Array,
    private readonly inW: number,
    inH: number,
    private readonly outW: number,
    private readonly outH: number,
  ) {
    if (src.length < inW * inH) throw new Error(`logits: ${src.length} values, expected ${inW}x${inH}`);
    this.same = inW === outW && inH === outH;
    this.tx = bilinearTaps(inW, this.same ? 1 : outW);
    this.ty = bilinearTaps(inH, this.same ? 1 : outH);
    this.rows = new Float32Array(this.same ? 0 : inH * outW);
    this.done = new Uint8Array(this.same ? 0 : inH);
    this.out = new Float32Array(this.same ? 0 : outW);
  }

  get height(): number {
    return this.outH;
  }

  row(y: number): Float32Array {
    const outW = this.outW;
    if (this.same) return this.src.subarray(y * outW, (y + 1) * outW);
    const t = this.xRow(this.ty.i0[y] as number);
    const b = this.xRow(this.ty.i1[y] as number);
    const h1 = this.ty.l1[y] as number;
    const h0 = f32(1 - h1);
    const rows = this.rows;
    const out = this.out;
    for (let x = 0; x < outW; x++)
      out[x] = f32(f32((rows[t + x] as number) * h0) + f32((rows[b + x] as number) * h1));
    return out;
  }

  private xRow(r: number): number {
    const outW = this.outW;
    const o = r * outW;
    if (!this.done[r]) {
      const { i0, i1, l1 } = this.tx;
      const src = this.src;
      const base = r * this.inW;
      for (let x = 0; x < outW; x++) {
        const w1 = l1[x] as number;
        const w0 = f32(1 - w1);
        this.rows[o + x] = f32(
          f32((src[base + (i0[x] as number)] as number) * w0) +
            f32((src[base + (i1[x] as number)] as number) * w1),
        );
      }
      this.done[r] = 1;
    }
    return o;
  }
}

/**
 * Run-length encoder fed row by row with logits: the EncodedMask of `value > 0`, its area, its XYXY box
 * (inclusive pixel indices, SAM's batched_mask_to_box; [0,0,0,0] when empty) and, for automatic masks, the
 * counts above +offset and above -offset that make SAM's stability score.
 */
export class MaskRowEncoder {
  private readonly runs = new RunWriter();
  private cur = false;
  private runStart = 0;
  area = 0;
  above = 0;
  aboveNeg = 0;
  private x0: number;
  private y0: number;
  private x1 = -1;
  private y1 = -1;

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly offset: number | null = null,
  ) {
    this.x0 = width;
    this.y0 = height;
  }

  push(y: number, values: Float32Array): void {
    const w = this.width;
    const p0 = y * w;
    const off = this.offset;
    let first = -1;
    let last = -1;
    for (let x = 0; x < w; x++) {
      const v = values[x] as number;
      if (off !== null) {
        if (v > off) this.above++;
        if (v > -off) this.aboveNeg++;
      }
      const on = v > 0;
      if (on) {
        if (first < 0) first = x;
        last = x;
      }
      if (on !== this.cur) {
        const i = p0 + x;
        this.runs.push(i - this.runStart);
        if (this.cur) this.area += i - this.runStart;
        this.cur = on;
        this.runStart = i;
      }
    }
    if (first >= 0) {
      if (first < this.x0) this.x0 = first;
      if (last > this.x1) this.x1 = last;
      if (y < this.y0) this.y0 = y;
      this.y1 = y;
    }
  }

  /** The encoded mask (call once, after the last row). */
  finish(): { mask: Uint8Array; area: number; box: [number, number, number, number] } {
    const n = this.width * this.height;
    this.runs.push(n - this.runStart);
    if (this.cur) this.area += n - this.runStart;
    const box: [number, number, number, number] =
      this.x1 < 0 ? [0, 0, 0, 0] : [this.x0, this.y0, this.x1, this.y1];
    return { mask: this.runs.copy(), area: this.area, box };
  }
}

/**
 * SAM2 low-res logits [inH,inW] -> EncodedMask of (bilinear upsample to [outH,outW] > 0) and its area,
 * without the image-size float plane (on a 4096^2 image that removes a 64 MB plane and a threshold pass).
 */
export function upsampleThresholdEncode(
  src: Float32Array,
  inW: number,
  inH: number,
  outW: number,
  outH: number,
): { mask: Uint8Array; area: number } {
  const enc = new MaskRowEncoder(outW, outH);
  const rows = new UpsampledRows(src, inW, inH, outW, outH);
  for (let y = 0; y < outH; y++) enc.push(y, rows.row(y));
  const { mask, area } = enc.finish();
  return { mask, area };
}
