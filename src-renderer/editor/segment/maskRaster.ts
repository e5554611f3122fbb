import type { Mask } from '../../state/documentSlice';

/** Overlays are rendered at most this many pixels a side: a 4096 px mask is drawn at half resolution. */
export const MAX_OVERLAY_SIDE = 2048;

export interface OverlayPixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, [height, width, 4]. */
  readonly data: Uint8ClampedArray;
  /** Image pixels per overlay pixel (1 = full resolution). */
  readonly step: number;
}

export function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1, 7), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** A rectangle in overlay pixels. */
export interface OverlayRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Image pixels per overlay pixel for a mask of this size. */
export function overlayStep(width: number, height: number, maxSide = MAX_OVERLAY_SIDE): number {
  return Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
}

/**
 * A mask as overlay pixels: the inside tinted with `colour` at `fillAlpha`, and an opaque outline a few
 * overlay pixels wide so the edge reads at any zoom. Subsampled by an integer step so the overlay stays
 * within MAX_OVERLAY_SIDE. Done once per mask change, never per frame; `region` (overlay pixels) renders
 * only that part, for a brush stroke's bounding box (the result then has the region's size, at `x`/`y`).
 */
export function rasterMask(
  mask: Mask,
  colour: string,
  fillAlpha = 0.42,
  maxSide = MAX_OVERLAY_SIDE,
  region?: OverlayRect,
): OverlayPixels & { readonly x: number; readonly y: number } {
  const step = overlayStep(mask.width, mask.height, maxSide);
  const fullW = Math.ceil(mask.width / step);
  const fullH = Math.ceil(mask.height / step);
  // About 1.5 screen pixels when the image is fitted to a typical canvas.
  const outline = Math.max(1, Math.round(Math.max(fullW, fullH) / 600));
  const rx0 = Math.max(0, Math.floor(region?.x ?? 0));
  const ry0 = Math.max(0, Math.floor(region?.y ?? 0));
  const rx1 = Math.min(fullW, Math.ceil(region ? region.x + region.width : fullW));
  const ry1 = Math.min(fullH, Math.ceil(region ? region.y + region.height : fullH));
  const w = Math.max(0, rx1 - rx0);
  const h = Math.max(0, ry1 - ry0);
  // Subsampled inside/outside over the region grown by the outline (edges look that far), [eh, ew].
  const ex0 = Math.max(0, rx0 - outline);
  const ey0 = Math.max(0, ry0 - outline);
  const ew = Math.min(fullW, rx1 + outline) - ex0;
  const eh = Math.min(fullH, ry1 + outline) - ey0;
  const inside = new Uint8Array(Math.max(0, ew * eh));
  for (let y = 0; y < eh; y++) {
    const row = (y + ey0) * step * mask.width;
    for (let x = 0; x < ew; x++) inside[y * ew + x] = mask.data[row + (x + ex0) * step] ? 1 : 0;
  }
  const [r, g, b] = hexToRgb(colour);
  const fill = Math.round(fillAlpha * 255);
  const data = new Uint8ClampedArray(w * h * 4);
  const out = new Uint32Array(data.buffer);
  // Little-endian RGBA packed as ABGR words.
  const fillWord = ((fill << 24) | (b << 16) | (g << 8) | r) >>> 0;
  const edgeWord = ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
  // (x, y) in expanded-region coordinates, which cover every in-image pixel an edge test reaches: beyond
  // them is beyond the image, outside the mask.
  const isOut = (x: number, y: number) => x < 0 || y < 0 || x >= ew || y >= eh || inside[y * ew + x] === 0;
  for (let y = 0; y < h; y++) {
    const ey = y + ry0 - ey0;
    for (let x = 0; x < w; x++) {
      const ex = x + rx0 - ex0;
      if (!inside[ey * ew + ex]) continue;
      let edge = false;
      for (let d = 1; d <= outline && !edge; d++) {
        edge = isOut(ex - d, ey) || isOut(ex + d, ey) || isOut(ex, ey - d) || isOut(ex, ey + d);
      }
      out[y * w + x] = edge ? edgeWord : fillWord;
    }
  }
  return { width: w, height: h, data, step, x: rx0, y: ry0 };
}

/** Draws overlay pixels into a new canvas (an offscreen bitmap the Konva layer scales to image size). */
export function overlayCanvas(px: OverlayPixels): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = px.width;
  canvas.height = px.height;
  const ctx = canvas.getContext('2d');
  if (ctx)
    ctx.putImageData(new ImageData(px.data as Uint8ClampedArray<ArrayBuffer>, px.width, px.height), 0, 0);
  return canvas;
}

/** Hues spread by the golden angle so neighbouring automatic segments differ. */
export function segmentColour(index: number): [number, number, number] {
  const h = (index * 137.508) % 360;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (0.55 - 0.45 * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/**
 * All automatic segments in one overlay, each in its own colour; larger ones first so small segments
 * stay visible on top. Rendered once when the segments arrive.
 */
export function rasterSegments(
  masks: readonly Mask[],
  areas: readonly number[],
  fillAlpha = 0.45,
  maxSide = MAX_OVERLAY_SIDE,
): OverlayPixels | null {
  const first = masks[0];
  if (!first) return null;
  const step = Math.max(1, Math.ceil(Math.max(first.width, first.height) / maxSide));
  const w = Math.ceil(first.width / step);
  const h = Math.ceil(first.height / step);
  const data = new Uint8ClampedArray(w * h * 4);
  const out = new Uint32Array(data.buffer);
  const alpha = Math.round(fillAlpha * 255);
  const order = masks.map((m, i) => ({ m, i, area: areas[i] ?? 0 })).sort((a, b) => b.area - a.area);
  for (const { m, i } of order) {
    const [r, g, b] = segmentColour(i);
    const word = ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0;
    for (let y = 0; y < h; y++) {
      const row = y * step * m.width;
      for (let x = 0; x < w; x++) if (m.data[row + x * step]) out[y * w + x] = word;
    }
  }
  return { width: w, height: h, data, step };
}

/** The smallest mask containing image pixel (x, y) (the most specific segment under the cursor), or -1. */
export function maskIndexAt(masks: readonly Mask[], areas: readonly number[], x: number, y: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  let best = -1;
  let bestArea = Infinity;
  masks.forEach((m, i) => {
    if (xi < 0 || yi < 0 || xi >= m.width || yi >= m.height || !m.data[yi * m.width + xi]) return;
    const area = areas[i] ?? 0;
    if (area < bestArea) {
      best = i;
      bestArea = area;
    }
  });
  return best;
}
