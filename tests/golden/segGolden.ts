import type { Prompt } from '../../src-main/inference/models/sam2/pre';
import { maskLogits, threshold } from '../../src-main/inference/models/sam2/post';
import type { DecodeResult } from '../../src-main/inference/models/sam2/segRunner';
import { compareMasks } from './sam2Fixture';

/** One prompt case of a segmentation golden index (tools/export/sam2/{transformersjs,samv1}.py). */
export interface SegCase {
  case: string;
  key: string;
  point_coords?: [number, number][];
  point_labels?: number[];
  box?: [number, number, number, number];
  refine_from?: string;
  iou: number[];
}
export interface SegIndex<C extends SegCase> {
  images: { name: string; image: string; width: number; height: number; cases: C[] }[];
}

/** The golden's prompt in image pixels (labels 1 positive, anything else negative). */
export function toPrompt(c: SegCase): Prompt {
  const p: Prompt = {};
  if (c.point_coords) {
    p.points = c.point_coords.map(([x, y], i) => ({ x, y, label: (c.point_labels?.[i] ?? 1) === 1 ? 1 : 0 }));
  }
  if (c.box) p.box = { x0: c.box[0], y0: c.box[1], x1: c.box[2], y1: c.box[3] };
  return p;
}

/** Fraction of identical pixels of each of the three masks of prompt 0 against golden masks [3,H,W]. */
export function threeMasksSame(r: DecodeResult, golden: Uint8Array, width: number, height: number): number[] {
  const plane = width * height;
  return [0, 1, 2].map(
    (k) =>
      compareMasks(threshold(maskLogits(r, k, width, height)), golden.subarray(k * plane, (k + 1) * plane))
        .same,
  );
}

/** max |a[k] - b[k]| over the three predicted IoUs. */
export const iouDiff = (a: ArrayLike<number>, b: readonly number[]): number =>
  Math.max(...[0, 1, 2].map((k) => Math.abs((a[k] as number) - (b[k] as number))));
