import {
  cropRect,
  frameToImage,
  placeFrame,
  type Framing,
  type Rect,
  type Size,
} from '../../../src-shared/image/framing';

/** The frame on the canvas, in image pixels: where the generation frame's edges fall over the image. */
export interface CanvasFrame {
  /** the frame's outline (a crop rectangle, or the letterboxed frame reaching past the image) */
  readonly outline: Rect;
  /** the part of the image that reaches the frame */
  readonly used: Rect;
}

export function canvasFrame(image: Size, target: Size, framing: Framing): CanvasFrame {
  if (framing.fit === 'crop') {
    const r = cropRect(image, target, framing.frame);
    return { outline: r, used: r };
  }
  const whole = { x: 0, y: 0, w: image.width, h: image.height };
  if (framing.fit === 'stretch') return { outline: whole, used: whole };
  const pl = placeFrame(image, target, framing);
  const a = frameToImage({ x: 0, y: 0 }, pl);
  const b = frameToImage({ x: target.width, y: target.height }, pl);
  return { outline: { x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y }, used: whole };
}

export type FrameHit = { kind: 'move' } | { kind: 'corner'; corner: number } | null;

/**
 * What a press at image point p grabs of a crop frame: a corner handle (0 top-left, clockwise) or the
 * frame's edge band (move); `tol` is the grab distance in image pixels. The inside stays free for tools.
 */
export function hitFrame(r: Rect, p: { x: number; y: number }, tol: number): FrameHit {
  const corners = [
    [r.x, r.y],
    [r.x + r.w, r.y],
    [r.x + r.w, r.y + r.h],
    [r.x, r.y + r.h],
  ] as const;
  for (let i = 0; i < 4; i++) {
    const [cx, cy] = corners[i] as readonly [number, number];
    if (Math.abs(p.x - cx) <= tol * 1.5 && Math.abs(p.y - cy) <= tol * 1.5)
      return { kind: 'corner', corner: i };
  }
  const inX = p.x >= r.x - tol && p.x <= r.x + r.w + tol;
  const inY = p.y >= r.y - tol && p.y <= r.y + r.h + tol;
  const nearV = Math.abs(p.x - r.x) <= tol || Math.abs(p.x - r.x - r.w) <= tol;
  const nearH = Math.abs(p.y - r.y) <= tol || Math.abs(p.y - r.y - r.h) <= tol;
  return (nearV && inY) || (nearH && inX) ? { kind: 'move' } : null;
}

export const CORNER_CURSOR = ['nwse-resize', 'nesw-resize', 'nwse-resize', 'nesw-resize'] as const;
