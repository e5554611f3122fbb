import { panBy, zoomBy, type Point, type Viewport } from './viewport';

/** The parts of a WheelEvent the gesture logic needs (so tests can pass plain objects). */
export interface WheelInput {
  readonly deltaX: number;
  readonly deltaY: number;
  readonly deltaMode: number;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
}

export type WheelIntent = 'zoom' | 'pan';

const LINE_PX = 16;
const PAGE_PX = 400;

/**
 * Mouse wheels zoom about the cursor; trackpads pan with two fingers and zoom by pinching (Chromium and
 * Safari report a pinch as a wheel event with ctrlKey set). A trackpad is told apart from a wheel by its
 * horizontal component or its small fractional steps; wheels send whole notches (53, 100, 120 px...).
 */
export function classifyWheel(e: WheelInput): WheelIntent {
  if (e.ctrlKey || e.metaKey) return 'zoom';
  if (e.shiftKey) return 'pan';
  if (e.deltaMode !== 0) return 'zoom';
  if (e.deltaX !== 0) return 'pan';
  if (!Number.isInteger(e.deltaY) && Math.abs(e.deltaY) < 50) return 'pan';
  return 'zoom';
}

function toPixels(delta: number, mode: number): number {
  if (mode === 1) return delta * LINE_PX;
  if (mode === 2) return delta * PAGE_PX;
  return delta;
}

/** Applies one wheel event to the viewport; `cursor` is in stage coordinates. */
export function applyWheel(vp: Viewport, e: WheelInput, cursor: Point): Viewport {
  const dx = toPixels(e.deltaX, e.deltaMode);
  const dy = toPixels(e.deltaY, e.deltaMode);
  if (classifyWheel(e) === 'pan') {
    // Shift+wheel on a mouse only has deltaY: turn it into a horizontal pan, as browsers do for pages.
    if (e.shiftKey && dx === 0) return panBy(vp, -dy, 0);
    return panBy(vp, -dx, -dy);
  }
  // Pinch deltas are small (a few px per event), wheel notches large; a pinch gets more zoom per px so
  // both feel natural. One wheel notch of 100 px zooms by about 1.2x.
  const perPixel = e.ctrlKey && Math.abs(dy) < 50 ? 0.01 : 0.0018;
  const clamped = Math.max(-300, Math.min(300, dy));
  return zoomBy(vp, Math.exp(-clamped * perPixel), cursor);
}
