/**
 * Viewport math for the canvas, kept pure so it can be unit-tested without a DOM.
 * A viewport maps image (world) pixels to stage (screen) pixels: screen = world * scale + offset.
 */
export interface Viewport {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

// 1% lets an 8192 px image fit in a small window; 6400% is enough to inspect single pixels.
export const MIN_SCALE = 0.01;
export const MAX_SCALE = 64;
export const IDENTITY_VIEWPORT: Viewport = { scale: 1, x: 0, y: 0 };

export function clampScale(scale: number): number {
  if (!Number.isFinite(scale)) return 1;
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

export function screenToWorld(vp: Viewport, p: Point): Point {
  return { x: (p.x - vp.x) / vp.scale, y: (p.y - vp.y) / vp.scale };
}

export function worldToScreen(vp: Viewport, p: Point): Point {
  return { x: p.x * vp.scale + vp.x, y: p.y * vp.scale + vp.y };
}

/** Sets the scale while keeping the world point under `anchor` (screen coordinates) where it is. */
export function zoomTo(vp: Viewport, scale: number, anchor: Point): Viewport {
  const next = clampScale(scale);
  const world = screenToWorld(vp, anchor);
  return { scale: next, x: anchor.x - world.x * next, y: anchor.y - world.y * next };
}

/** Multiplies the scale by `factor` about `anchor` (the cursor for wheel zoom, the centre for keys). */
export function zoomBy(vp: Viewport, factor: number, anchor: Point): Viewport {
  return zoomTo(vp, vp.scale * factor, anchor);
}

export function panBy(vp: Viewport, dx: number, dy: number): Viewport {
  return { scale: vp.scale, x: vp.x + dx, y: vp.y + dy };
}

/** Scale and offset that show the whole content centred in the view, with `padding` screen px around it. */
export function fitViewport(content: Size, view: Size, padding = 24): Viewport {
  if (content.width <= 0 || content.height <= 0 || view.width <= 0 || view.height <= 0) {
    return IDENTITY_VIEWPORT;
  }
  const availW = Math.max(1, view.width - 2 * padding);
  const availH = Math.max(1, view.height - 2 * padding);
  const scale = clampScale(Math.min(availW / content.width, availH / content.height));
  return centred(content, view, scale);
}

/** Scale 1 (one image pixel per CSS pixel), centred. */
export function actualSizeViewport(content: Size, view: Size): Viewport {
  return centred(content, view, 1);
}

function centred(content: Size, view: Size, scale: number): Viewport {
  return {
    scale,
    x: Math.round((view.width - content.width * scale) / 2),
    y: Math.round((view.height - content.height * scale) / 2),
  };
}

/** Zoom steps used by the +/- commands, so repeated presses land on familiar round percentages. */
const ZOOM_STEPS = [
  0.01, 0.02, 0.03, 0.05, 0.0625, 0.083, 0.125, 0.167, 0.25, 0.333, 0.5, 0.667, 1, 1.5, 2, 3, 4, 6, 8, 12, 16,
  24, 32, 48, 64,
];

export function nextZoomStep(scale: number, direction: 1 | -1): number {
  // A tolerance so a scale already on a step moves to the neighbouring one.
  const eps = 1e-6;
  if (direction > 0) return ZOOM_STEPS.find((s) => s > scale * (1 + eps)) ?? MAX_SCALE;
  for (let i = ZOOM_STEPS.length - 1; i >= 0; i--) {
    const s = ZOOM_STEPS[i];
    if (s !== undefined && s < scale * (1 - eps)) return s;
  }
  return MIN_SCALE;
}

export function formatZoom(scale: number): string {
  const pct = scale * 100;
  return `${pct >= 10 ? Math.round(pct) : pct.toFixed(1)}%`;
}
