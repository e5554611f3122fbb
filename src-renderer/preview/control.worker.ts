/// <reference lib="webworker" />
/**
 * The live control preview off the UI thread: the control engine (src-shared/control) on the scene the
 * main thread built, then the keypoints per frame and, when asked, the 2.5D animatic as ImageBitmaps.
 * Requests that arrive while one is computing replace each other: only the newest is computed.
 */
import { computeControl, type ControlResult } from '../../src-shared/control/computeControl';
import { ControlError } from '../../src-shared/control/errors';
import { KmeansMemo } from '../../src-shared/control/keypoints';
import { renderAnimatic, type MoverTrack } from './animatic';
import {
  POINT_STRIDE,
  SHEET_MAX_HEIGHT,
  type AnimaticSheets,
  type PreviewPoints,
  type PreviewRequest,
  type PreviewResponse,
} from './protocol';

type ComputeRequest = Extract<PreviewRequest, { type: 'compute' }>;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const images = new Map<string, { width: number; height: number; rgba: Uint8ClampedArray }>();
let pending: ComputeRequest | null = null;
let scheduled = false;
let previous: ControlResult | null = null;
// The animatic frames array of the last run, whose bitmaps are made: the next run overwrites it. A run
// takes it and gives it back after its bitmaps exist (runs can overlap while one awaits its bitmaps).
let spareFrames: Uint8ClampedArray<ArrayBuffer> | undefined;
// segments an edit does not touch give the same K-means problems again: their answers are remembered
const memo = new KmeansMemo();

scope.onmessage = (e: MessageEvent<PreviewRequest>) => {
  const msg = e.data;
  if (msg.type === 'image') {
    const { bitmap } = msg;
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    images.clear(); // one image at a time
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    images.set(msg.key, { width: canvas.width, height: canvas.height, rgba: data });
    return;
  }
  pending = msg;
  if (!scheduled) {
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      const req = pending;
      pending = null;
      if (req) void run(req);
    }, 0);
  }
};

function pointsOf(r: ControlResult): PreviewPoints {
  const total = r.keypoints.reduce((a, f) => a + f.length, 0);
  const data = new Float32Array(total * POINT_STRIDE);
  const offsets = new Int32Array(r.frames + 1);
  let k = 0;
  r.keypoints.forEach((frame, f) => {
    offsets[f] = k;
    for (const [row, col, id] of frame) {
      data.set([col, row, id, r.depth.at(f, row * r.width + col)], k * POINT_STRIDE);
      k++;
    }
  });
  offsets[r.frames] = k;
  return { data, offsets };
}

async function run(req: ComputeRequest): Promise<void> {
  const { scene, gen } = req;
  try {
    const reuse = previous ?? undefined;
    const options = { controlTensor: false, kmeansMemo: memo };
    const r = computeControl(scene, reuse ? { ...options, reuse } : options);
    previous = r;
    const points = pointsOf(r);
    const timings = { ...r.timings };
    let animatic: AnimaticSheets | null = null;
    const image = req.imageKey ? images.get(req.imageKey) : undefined;
    if (image && image.width === r.width && image.height === r.height) {
      const t0 = performance.now();
      animatic = await animaticOf(r, image.rgba);
      timings.animatic = performance.now() - t0;
    }
    const res: PreviewResponse = {
      type: 'result',
      gen,
      width: r.width,
      height: r.height,
      frames: r.frames,
      points,
      animatic,
      timings,
    };
    scope.postMessage(res, [points.data.buffer, points.offsets.buffer, ...(animatic?.sheets ?? [])]);
  } catch (err) {
    const code = err instanceof ControlError ? err.code : 'internal';
    const res: PreviewResponse = { type: 'error', gen, code, message: String((err as Error).message ?? err) };
    scope.postMessage(res);
  }
}

/** The 2.5D animatic of a result over the image (RGBA at the generation size), as bitmap sheets. */
async function animaticOf(r: ControlResult, rgba: Uint8ClampedArray): Promise<AnimaticSheets> {
  const movers: MoverTrack[] = r.movers.map((m) => ({ id: m.id, ...m.track }));
  const spare = spareFrames;
  spareFrames = undefined;
  const input = {
    width: r.width,
    height: r.height,
    frames: r.frames,
    rgba,
    merged: r.merged,
    z0: r.z0,
    movers,
  };
  const frames = renderAnimatic(input, spare);
  // frames [F, H, W, 4] are already a W x (F * H) picture: cut it into sheets, no per-frame copies
  const perSheet = Math.max(1, Math.floor(SHEET_MAX_HEIGHT / r.height));
  const size = r.width * r.height * 4;
  const sheets: Promise<ImageBitmap>[] = [];
  for (let f0 = 0; f0 < r.frames; f0 += perSheet) {
    const k = Math.min(perSheet, r.frames - f0);
    const data = frames.subarray(f0 * size, (f0 + k) * size);
    // no premultiplication pass: the bitmap keeps the colours as they are (half the time in Chromium)
    sheets.push(createImageBitmap(new ImageData(data, r.width, r.height * k), { premultiplyAlpha: 'none' }));
  }
  const result = { sheets: await Promise.all(sheets), perSheet };
  spareFrames = frames;
  return result;
}
