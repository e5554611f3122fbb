import { bilinearTaps } from '../image/bilinear';
import { bytesToBase64, RunWriter } from './maskCodec';

const f32 = Math.fround;

/**
 * SAM2 low-res logits [inH,inW] (256x256) -> EncodedMask of (bilinear upsample to [outH,outW] > 0) and its
 * area, without the image-size float plane. The arithmetic is SAM2's post-processing as the sam2 runner does
 * it (src-main/inference/models/sam2/resize.ts upsampleBilinear: torch bilinear, align_corners=False, float32
 * at each step), so the mask is the same pixel for pixel; it is only reordered: each source row is
 * interpolated horizontally once (inH x outW values) instead of twice per output pixel. On a 4096^2 image
 * that removes a 64 MB plane, a threshold pass and most of the multiplications.
 */
export function upsampleThresholdEncode(
  src: Float32Array,
  inW: number,
  inH: number,
  outW: number,
  outH: number,
): { mask: string; area: number } {
  if (src.length < inW * inH) throw new Error(`logits: ${src.length} values, expected ${inW}x${inH}`);
  const tx = bilinearTaps(inW, outW);
  const ty = bilinearTaps(inH, outH);
  // rows[r] = source row r interpolated along x, float32 [inH, outW], filled on first use.
  const rows = new Float32Array(inH * outW);
  const done = new Uint8Array(inH);
  const row = (r: number): number => {
    const o = r * outW;
    if (!done[r]) {
      const base = r * inW;
      for (let x = 0; x < outW; x++) {
        const w1 = tx.l1[x] as number;
        const w0 = f32(1 - w1);
        rows[o + x] = f32(
          f32((src[base + (tx.i0[x] as number)] as number) * w0) +
            f32((src[base + (tx.i1[x] as number)] as number) * w1),
        );
      }
      done[r] = 1;
    }
    return o;
  };
  const runs = new RunWriter();
  let cur = false;
  let runStart = 0;
  let area = 0;
  for (let y = 0; y < outH; y++) {
    const t = row(ty.i0[y] as number);
    const b = row(ty.i1[y] as number);
    const h1 = ty.l1[y] as number;
    const h0 = f32(1 - h1);
    const p0 = y * outW;
    for (let x = 0; x < outW; x++) {
      const v = f32(f32((rows[t + x] as number) * h0) + f32((rows[b + x] as number) * h1));
      if (v > 0 !== cur) {
        const i = p0 + x;
        runs.push(i - runStart);
        if (cur) area += i - runStart;
        cur = !cur;
        runStart = i;
      }
    }
  }
  const n = outW * outH;
  runs.push(n - runStart);
  if (cur) area += n - runStart;
  return { mask: bytesToBase64(runs.bytes()), area };
}
