import { MaskRowEncoder, UpsampledRows } from '../../../../src-shared/segment/maskUpsample';
import type { SegEmbedding } from './cache';
import type { Prompt } from './pre';
import { imageSource } from './post';
import type { SegRunner } from './segRunner';

/**
 * Automatic mask generation (scene segments, docs/levitor-method.md section 4), the SAM automatic mask generator's
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
  mask: Uint8Array;
  area: number;
  predictedIou: number;
  stabilityScore: number;
  /** XYXY, inclusive pixel indices (SAM's batched_mask_to_box). */
  box: [number, number, number, number];
  point: [number, number];
}

/** Where a run stopped: the grid points done and the candidates they gave. A later run continues from here. */
export interface AmgProgress {
  nextPoint: number;
  candidates: AutoMask[];
}

export interface AmgOptions {
  settings?: Partial<AmgSettings>;
  signal?: AbortSignal;
  /** Per batch of `pointsPerBatch` grid points (the reference's unit), as (batches done, batches). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Awaited before each decoder run and between bands of rows of each candidate's image-size pass (the
   * host's priority gate: a click goes first). Throws to stop.
   */
  pause?: () => Promise<void>;
  /** Filled as points complete; pass the one of a cancelled run (same embedding, same settings) to resume. */
  progress?: AmgProgress;
}

/**
 * Grid points per decoder run when `pause` is given (background work in the host): a decoder run cannot be
 * interrupted, so a click may wait for one, and it must cost no more than the click's own decode. Batching
 * prompts saves little on CPU; the decoder treats each prompt on its own, so the masks do not depend on it.
 */
export const AMG_CHUNK_POINTS = 1;
/** Pixels of a candidate's image-size pass between two pauses (~5 ms of work). */
const PASS_BAND_PIXELS = 1 << 20;

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
  const chunk = opts.pause ? AMG_CHUNK_POINTS : s.pointsPerBatch;
  const batches = Math.ceil(points.length / s.pointsPerBatch);
  const state = opts.progress ?? { nextPoint: 0, candidates: [] };
  while (state.nextPoint < points.length) {
    opts.signal?.throwIfAborted();
    await opts.pause?.();
    const first = state.nextPoint;
    // Never across a batch boundary, so progress is reported per reference batch.
    const end = Math.min(
      points.length,
      first + chunk,
      (Math.floor(first / s.pointsPerBatch) + 1) * s.pointsPerBatch,
    );
    const found = await chunkCandidates(runner, e, points.slice(first, end), s, opts);
    // Committed whole, so a run cancelled inside a chunk resumes at its start without duplicates.
    state.candidates.push(...found);
    state.nextPoint = end;
    if (end % s.pointsPerBatch === 0 || end === points.length)
      opts.onProgress?.(Math.ceil(end / s.pointsPerBatch), batches);
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
  const band = Math.max(1, Math.floor(PASS_BAND_PIXELS / e.width));
  const out: AutoMask[] = [];
  for (let i = 0; i < batch.length; i++) {
    for (let k = 0; k < 3; k++) {
      const iou = r.iou[i * 3 + k] as number;
      if (s.predIouThresh > 0 && !(iou > s.predIouThresh)) continue;
      // Stability, threshold, box and run-length code in one pass over the upsampled rows: no image-size
      // plane per candidate (a 4096^2 image would take 64 MB of logits and 16 MB of mask each).
      const src = imageSource(r, i * 3 + k);
      const rows = new UpsampledRows(src.plane, src.width, src.height, e.width, e.height);
      const enc = new MaskRowEncoder(e.width, e.height, s.stabilityScoreOffset);
      for (let y = 0; y < e.height; y++) {
        if (opts.pause && y % band === 0) {
          opts.signal?.throwIfAborted();
          await opts.pause();
        }
        enc.push(y, rows.row(y));
      }
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
