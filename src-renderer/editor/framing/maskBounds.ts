import type { Rect } from '../../../src-shared/image/framing';
import type { Mask } from '../../state/documentSlice';

/** A mask's pixels are immutable (an edit makes a new Mask): its bounds are computed once. */
const cache = new WeakMap<Mask, Rect | null>();

/**
 * The smallest rectangle (mask pixels) holding every inside pixel of `m`, or null for an empty mask. Rows
 * are searched with the typed array's own indexOf, so a 67 MP mask takes a few milliseconds.
 */
export function maskBounds(m: Mask): Rect | null {
  const known = cache.get(m);
  if (known !== undefined) return known;
  let x0 = m.width;
  let x1 = -1;
  let y0 = -1;
  let y1 = -1;
  for (let y = 0; y < m.height; y++) {
    const row = m.data.subarray(y * m.width, (y + 1) * m.width);
    const first = firstInside(row);
    if (first < 0) continue;
    if (y0 < 0) y0 = y;
    y1 = y;
    x0 = Math.min(x0, first);
    x1 = Math.max(x1, lastInside(row));
  }
  const r = y0 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
  cache.set(m, r);
  return r;
}

/** Whether `m` has an inside pixel within `r` (mask pixels; r is clipped to the mask). */
export function maskHasPixelIn(m: Mask, r: Rect): boolean {
  const b = maskBounds(m);
  if (!b) return false;
  const x0 = Math.max(b.x, Math.floor(r.x));
  const x1 = Math.min(b.x + b.w, Math.ceil(r.x + r.w));
  const y0 = Math.max(b.y, Math.floor(r.y));
  const y1 = Math.min(b.y + b.h, Math.ceil(r.y + r.h));
  for (let y = y0; y < y1; y++)
    if (firstInside(m.data.subarray(y * m.width + x0, y * m.width + x1)) >= 0) return true;
  return false;
}

// Masks hold 255 inside and 0 outside (documentSlice Mask): native searches for 255 do the scanning.
const firstInside = (row: Uint8Array): number => row.indexOf(255);
const lastInside = (row: Uint8Array): number => row.lastIndexOf(255);
