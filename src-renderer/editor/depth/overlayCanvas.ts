import { displayNearness, nearRange, TURBO_LUT, type NearRange } from './colormap';
import type { DirtyRect } from './brushKernels';

/** LUT colours per cell (painted values are arbitrary floats, so no Dn-indexed table). */
function colourCells(
  data: Float32Array,
  width: number,
  rect: DirtyRect,
  range: NearRange,
  out: Uint8ClampedArray,
): void {
  const rw = rect.x1 - rect.x0;
  for (let y = rect.y0; y < rect.y1; y++) {
    for (let x = rect.x0; x < rect.x1; x++) {
      const j = Math.round(displayNearness(data[y * width + x] as number, range) * 255) * 3;
      const o = ((y - rect.y0) * rw + (x - rect.x0)) * 4;
      out[o] = TURBO_LUT[j] as number;
      out[o + 1] = TURBO_LUT[j + 1] as number;
      out[o + 2] = TURBO_LUT[j + 2] as number;
      out[o + 3] = 255;
    }
  }
}

/**
 * The colour-mapped depth at the map's own resolution (<= 1024 px), drawn once per map change and patched
 * per brush dab (only the dirty rectangle), then scaled onto the image by Konva. One per page.
 */
export class DepthOverlayCanvas {
  readonly canvas = document.createElement('canvas');
  private readonly ctx = this.canvas.getContext('2d') as CanvasRenderingContext2D;
  private source: Float32Array | null = null;
  /** Colour range of the last full render; brush patches keep it so colours do not jump mid-stroke. */
  private range: NearRange = { lo: 0, hi: 1 };
  /** Called after a patch so the Konva layer redraws (set by the overlay layer). */
  onPatch: (() => void) | null = null;

  /** Full redraw when the map object changed. */
  render(map: { width: number; height: number; data: Float32Array }): void {
    if (this.source === map.data) return;
    this.source = map.data;
    this.range = nearRange(map.data);
    this.canvas.width = map.width;
    this.canvas.height = map.height;
    this.patch(map, { x0: 0, y0: 0, x1: map.width, y1: map.height }, false);
  }

  patch(map: { width: number; height: number; data: Float32Array }, rect: DirtyRect, notify = true): void {
    if (rect.x1 <= rect.x0 || rect.y1 <= rect.y0) return;
    if (this.canvas.width !== map.width || this.canvas.height !== map.height) return;
    const img = this.ctx.createImageData(rect.x1 - rect.x0, rect.y1 - rect.y0);
    colourCells(map.data, map.width, rect, this.range, img.data);
    this.ctx.putImageData(img, rect.x0, rect.y0);
    // `source` stays the map of the last full render: the stroke's map, once committed, is a new map to
    // render(), which then recomputes the colour range (patches keep the old one only while painting).
    if (notify) this.onPatch?.();
  }
}

export const depthOverlay = new DepthOverlayCanvas();
