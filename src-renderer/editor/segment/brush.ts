import type { Mask } from '../../state/documentSlice';

export interface BrushPoint {
  readonly x: number;
  readonly y: number;
}

/**
 * Rasterises a brush stroke (a polyline with round caps and joins, `radius` in image pixels) into a copy
 * of `mask`, writing 255 (add) or 0 (erase). Only the stroke's bounding box is visited per segment, so a
 * stroke costs its own area, not the image's: painting on 4096x4096 stays cheap.
 * `base` may be null (object without a mask yet): the stroke starts from an empty mask.
 */
export function paintStroke(
  base: Mask | null,
  width: number,
  height: number,
  points: readonly BrushPoint[],
  radius: number,
  mode: 'add' | 'erase',
): Mask {
  const data = base ? base.data.slice() : new Uint8Array(width * height);
  const value = mode === 'add' ? 255 : 0;
  const r = Math.max(0.5, radius);
  const first = points[0];
  if (!first) return { width, height, data };
  // A single click is a dot: a zero-length segment.
  const path = points.length === 1 ? [first, first] : points;
  for (let i = 1; i < path.length; i++) stampSegment(data, width, height, path[i - 1]!, path[i]!, r, value);
  return { width, height, data };
}

function stampSegment(
  data: Uint8Array,
  width: number,
  height: number,
  a: BrushPoint,
  b: BrushPoint,
  r: number,
  value: number,
): void {
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - r));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(a.x, b.x) + r));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - r));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(a.y, b.y) + r));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const r2 = r * r;
  for (let y = y0; y <= y1; y++) {
    // Pixel centres: pixel (x, y) covers [x, x+1) so its centre is x + 0.5.
    const py = y + 0.5;
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / len2));
      const ex = px - (a.x + t * dx);
      const ey = py - (a.y + t * dy);
      if (ex * ex + ey * ey <= r2) data[y * width + x] = value;
    }
  }
}

/** The pixels a stroke can touch (image pixels, inclusive-exclusive), for partial overlay updates. */
export function strokeBox(stroke: { readonly points: readonly BrushPoint[]; readonly radius: number }): {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
} {
  const xs = stroke.points.map((p) => p.x);
  const ys = stroke.points.map((p) => p.y);
  const r = Math.max(0.5, stroke.radius) + 1;
  return {
    x0: Math.floor(Math.min(...xs) - r),
    y0: Math.floor(Math.min(...ys) - r),
    x1: Math.ceil(Math.max(...xs) + r),
    y1: Math.ceil(Math.max(...ys) + r),
  };
}
