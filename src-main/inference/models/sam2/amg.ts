import { forEachUpsampledRow, MaskRowEncoder } from '../../../../src-shared/segment/maskUpsample';
import type { SegEmbedding } from './cache';
import type { Prompt } from './pre';
import { imageSource } from './post';
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
  /** EncodedMask (src-shared/segment/maskCodec.ts) at image size: a few KB, not width*height bytes. */
  mask: string;
  area: number;
  predictedIou: number;
  stabilityScore: number;
  /** XYXY, inclusive pixel indices (SAM's batched_mask_to_box). */
  box: [number, number, number, number];
  point: [number, number];
}

/** Where a run stopped: the chunks done and the candidates they gave. A later run continues from here. */
export interface AmgProgress {
  nextChunk: number;
  candidates: AutoMask[];
}

export interface AmgOptions {
  settings?: Partial<AmgSettings>;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /**
   * Awaited before each chunk of points and each candidate's image-size pass (the host's priority gate:
   * a click goes first). Throws to stop.
   */
  pause?: () => Promise<void>;
  /** Filled as chunks complete; pass the one of a cancelled run (same embedding, same settings) to resume. */
  progress?: AmgProgress;
}

/**
 * Points decoded per chunk at most: a chunk is what an interactive request may have to wait for, so it is
 * kept small; the decoder treats each prompt on its own, so the masks do not depend on it.
 */
export const AMG_CHUNK_POINTS = 16;

/** Grid points in image pixels, row-major (y outer), centres of an n x n partition. */
export function pointGrid(n: number, width: number, height: number): [number, number][] {
  const off = 1 / (2 * n);
  const oneSide = Array.from({ length: n }, (_, i) => (n === 1 ? off : off + (i * (1 - 2 * off)) / (n - 1)));
  const pts: [number, number][] = [];
  for (const y of oneSide)
    for (const x of oneSide) pts.push([Math.fround(x * width), Math.fround(y * height)]);
  return pts;
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
  const points = pointGrid(s.pointsPerSide, e.width, e.height);
  const chunk = Math.min(s.pointsPerBatch, AMG_CHUNK_POINTS);
  const total = Math.ceil(points.length / chunk);
  const state = opts.progress ?? { nextChunk: 0, candidates: [] };
  while (state.nextChunk < total) {
    opts.signal?.throwIfAborted();
    await opts.pause?.();
    const b = state.nextChunk;
    const batch = points.slice(b * chunk, (b + 1) * chunk);
    const found = await chunkCandidates(runner, e, batch, s, opts);
    // Committed whole, so a run cancelled inside a chunk resumes at its start without duplicates.
    state.candidates.push(...found);
    state.nextChunk = b + 1;
    opts.onProgress?.(b + 1, total);
  }
  return state.candidates;
}

async function chunkCandidates(
  runner: SegRunner,
  e: SegEmbedding,
  batch: [number, number][],
  s: AmgSettings,
  opts: AmgOptions,
): Promise<AutoMask[]> {
  const prompts: Prompt[] = batch.map(([x, y]) => ({ points: [{ x, y, label: 1 }] }));
  const r = await runner.decode(e, prompts); // masks [L,3,256,256] (or image size), iou [L,3]
  const out: AutoMask[] = [];
  for (let i = 0; i < batch.length; i++) {
    for (let k = 0; k < 3; k++) {
      const iou = r.iou[i * 3 + k] as number;
      if (s.predIouThresh > 0 && !(iou > s.predIouThresh)) continue;
      opts.signal?.throwIfAborted();
      await opts.pause?.();
      // Stability, threshold, box and run-length code in one pass over the upsampled rows: no image-size
      // plane per candidate (a 4096^2 image would take 64 MB of logits and 16 MB of mask each).
      const src = imageSource(r, i * 3 + k);
      const enc = new MaskRowEncoder(e.width, e.height, s.stabilityScoreOffset);
      forEachUpsampledRow(src.plane, src.width, src.height, e.width, e.height, (y, v) => enc.push(y, v));
      const stability = enc.aboveNeg > 0 ? Math.fround(enc.above / enc.aboveNeg) : 0;
      if (!(stability >= s.stabilityScoreThresh)) continue;
      const { mask, area, box } = enc.finish();
      out.push({
        mask,
        area,
        predictedIou: iou,
        stabilityScore: stability,
        box,
        point: batch[i] as [number, number],
      });
    }
  }
  return out;
}
