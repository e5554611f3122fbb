import type { SegEmbedding } from './cache';
import type { Prompt } from './pre';
import { maskLogits } from './post';
import type { SegRunner } from './segRunner';

/**
 * Automatic mask generation (scene segments, levitor-method.md section 4), the SAM automatic mask generator's
 * algorithm without crops: a regular point grid, batched single-point prompts with three masks each,
 * predicted-IoU filter, stability score (logits > t+offset over logits > t-offset, at image size), threshold,
 * boxes, box NMS; output sorted by predicted IoU, descending.
 */
export interface AmgSettings {
  pointsPerSide: number;
  pointsPerBatch: number;
  predIouThresh: number;
  stabilityScoreThresh: number;
  stabilityScoreOffset: number;
  boxNmsThresh: number;
}

/** The reference's settings (SAM v1 SamAutomaticMaskGenerator defaults, as LeviTor calls it). */
export const REFERENCE_AMG: AmgSettings = {
  pointsPerSide: 32,
  pointsPerBatch: 64,
  predIouThresh: 0.88,
  stabilityScoreThresh: 0.95,
  stabilityScoreOffset: 1.0,
  boxNmsThresh: 0.7,
};

export interface AutoMask {
  /** 0/1 [H,W] */
  mask: Uint8Array;
  area: number;
  predictedIou: number;
  stabilityScore: number;
  /** XYXY, inclusive pixel indices (SAM's batched_mask_to_box). */
  box: [number, number, number, number];
  point: [number, number];
}

export interface AmgOptions {
  settings?: Partial<AmgSettings>;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Grid points in image pixels, row-major (y outer), centres of an n x n partition. */
export function pointGrid(n: number, width: number, height: number): [number, number][] {
  const off = 1 / (2 * n);
  const oneSide = Array.from({ length: n }, (_, i) => (n === 1 ? off : off + (i * (1 - 2 * off)) / (n - 1)));
  const pts: [number, number][] = [];
  for (const y of oneSide)
    for (const x of oneSide) pts.push([Math.fround(x * width), Math.fround(y * height)]);
  return pts;
}

function boxOf(mask: Uint8Array, w: number, h: number): [number, number, number, number] {
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!mask[y * w + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? [0, 0, 0, 0] : [x0, y0, x1, y1];
}

/** torchvision box_iou on XYXY boxes (areas without +1, as SAM passes inclusive indices to it). */
function boxIou(a: readonly number[], b: readonly number[]): number {
  const area = (r: readonly number[]): number =>
    ((r[2] as number) - (r[0] as number)) * ((r[3] as number) - (r[1] as number));
  const iw = Math.max(0, Math.min(a[2] as number, b[2] as number) - Math.max(a[0] as number, b[0] as number));
  const ih = Math.max(0, Math.min(a[3] as number, b[3] as number) - Math.max(a[1] as number, b[1] as number));
  const inter = iw * ih;
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Greedy NMS by descending score (ties: earlier first); returns the kept items in score order. */
export function nms<T extends { predictedIou: number; box: [number, number, number, number] }>(
  items: T[],
  thresh: number,
): T[] {
  const order = items
    .map((_, i) => i)
    .sort((i, j) => (items[j] as T).predictedIou - (items[i] as T).predictedIou || i - j);
  const kept: T[] = [];
  for (const i of order) {
    const it = items[i] as T;
    if (kept.every((k) => boxIou(k.box, it.box) <= thresh)) kept.push(it);
  }
  return kept;
}

export async function generateMasks(
  runner: SegRunner,
  e: SegEmbedding,
  opts: AmgOptions = {},
): Promise<AutoMask[]> {
  const s: AmgSettings = { ...REFERENCE_AMG, ...opts.settings };
  return nms(await collectCandidates(runner, e, opts), s.boxNmsThresh);
}

/** Every mask that passes the IoU and stability filters, in grid order (point, then mask 0..2), before NMS. */
export async function collectCandidates(
  runner: SegRunner,
  e: SegEmbedding,
  opts: AmgOptions = {},
): Promise<AutoMask[]> {
  const s: AmgSettings = { ...REFERENCE_AMG, ...opts.settings };
  const { width: w, height: h } = e;
  const points = pointGrid(s.pointsPerSide, w, h);
  const total = Math.ceil(points.length / s.pointsPerBatch);
  const candidates: AutoMask[] = [];
  for (let b = 0; b < total; b++) {
    opts.signal?.throwIfAborted();
    const batch = points.slice(b * s.pointsPerBatch, (b + 1) * s.pointsPerBatch);
    const prompts: Prompt[] = batch.map(([x, y]) => ({ points: [{ x, y, label: 1 }] }));
    const r = await runner.decode(e, prompts); // masks [L,3,256,256] (or image size), iou [L,3]
    for (let i = 0; i < batch.length; i++) {
      for (let k = 0; k < 3; k++) {
        const iou = r.iou[i * 3 + k] as number;
        if (s.predIouThresh > 0 && !(iou > s.predIouThresh)) continue;
        const logits = maskLogits(r, i * 3 + k, w, h);
        let inter = 0;
        let union = 0;
        let area = 0;
        const mask = new Uint8Array(w * h);
        for (let p = 0; p < logits.length; p++) {
          const v = logits[p] as number;
          if (v > s.stabilityScoreOffset) inter++;
          if (v > -s.stabilityScoreOffset) union++;
          if (v > 0) {
            mask[p] = 1;
            area++;
          }
        }
        const stability = union > 0 ? Math.fround(inter / union) : 0;
        if (!(stability >= s.stabilityScoreThresh)) continue;
        const pt = batch[i] as [number, number];
        candidates.push({
          mask,
          area,
          predictedIou: iou,
          stabilityScore: stability,
          box: boxOf(mask, w, h),
          point: pt,
        });
      }
    }
    opts.onProgress?.(b + 1, total);
  }
  return candidates;
}
