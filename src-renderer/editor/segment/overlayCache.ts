import type { Mask } from '../../state/documentSlice';
import { overlayCanvas, overlayStep, rasterMask } from './maskRaster';

export interface RenderedOverlay {
  readonly canvas: HTMLCanvasElement;
  /** Image pixels per canvas pixel. */
  readonly step: number;
}

/**
 * Overlay bitmaps keyed by the immutable Mask they show. Least recently used entries are dropped past a
 * few (a 2048 px overlay is 16 MB, and undo history holds many masks); an evicted mask is re-rendered if
 * undo brings it back.
 */
const MAX_ENTRIES = 12;
const cache = new Map<Mask, RenderedOverlay & { readonly colour: string }>();

function remember(mask: Mask, entry: RenderedOverlay & { readonly colour: string }): void {
  cache.delete(mask);
  cache.set(mask, entry);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
}

export function renderOverlay(mask: Mask, colour: string): RenderedOverlay {
  const hit = cache.get(mask);
  if (hit && hit.colour === colour) {
    remember(mask, hit);
    return hit;
  }
  const px = rasterMask(mask, colour);
  const entry = { canvas: overlayCanvas(px), step: px.step, colour };
  remember(mask, entry);
  return entry;
}

/**
 * After a brush stroke: the new mask's overlay is the previous one with only the stroke's bounding box
 * (image pixels) re-rendered, so releasing a stroke on a 4096 px image does not re-render 16 M pixels.
 * No-op when the previous overlay is not cached (renderOverlay then draws it whole).
 */
export function patchOverlay(
  prev: Mask,
  next: Mask,
  colour: string,
  box: { x0: number; y0: number; x1: number; y1: number },
): void {
  const old = cache.get(prev);
  if (!old || old.colour !== colour || prev.width !== next.width || prev.height !== next.height) return;
  const step = overlayStep(next.width, next.height);
  if (step !== old.step) return;
  const canvas = document.createElement('canvas');
  canvas.width = old.canvas.width;
  canvas.height = old.canvas.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  // The old bitmap stays untouched: undo may show it again.
  ctx.drawImage(old.canvas, 0, 0);
  const x = Math.floor(box.x0 / step) - 1;
  const y = Math.floor(box.y0 / step) - 1;
  const px = rasterMask(next, colour, undefined, undefined, {
    x,
    y,
    width: Math.ceil(box.x1 / step) + 2 - x,
    height: Math.ceil(box.y1 / step) + 2 - y,
  });
  if (px.width > 0 && px.height > 0) {
    const data = px.data as Uint8ClampedArray<ArrayBuffer>;
    ctx.putImageData(new ImageData(data, px.width, px.height), px.x, px.y);
  }
  remember(next, { canvas, step, colour });
}
