import type { RenderedOverlay } from './overlayCache';

/**
 * The visible objects' mask overlays merged into one bitmap, so a pan or zoom frame scales one overlay
 * instead of one per object: in software raster (CI, --disable-gpu) each scaled 2048 px overlay costs
 * several milliseconds, six of them a whole frame. Merging is a 1:1 copy, so pixels that only one overlay
 * covers are unchanged; where overlays overlap, filtering happens after instead of before blending (at
 * most a rounding step on edges). Rebuilt only when the list of overlays (bitmaps or order) changes.
 */
let last: { readonly parts: readonly RenderedOverlay[]; readonly merged: RenderedOverlay } | null = null;

function sameParts(a: readonly RenderedOverlay[], b: readonly RenderedOverlay[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * `parts` bottom first. Null when they cannot share one bitmap (different sizes or steps): the caller then
 * draws them one by one. A single overlay is returned as it is.
 */
export function mergeOverlays(parts: readonly RenderedOverlay[]): RenderedOverlay | null {
  const first = parts[0];
  if (!first) return null;
  if (parts.length === 1) return first;
  const { width, height } = first.canvas;
  if (parts.some((p) => p.step !== first.step || p.canvas.width !== width || p.canvas.height !== height)) {
    return null;
  }
  if (last && sameParts(last.parts, parts)) return last.merged;
  // A fresh canvas per change: the Konva image node redraws when its image object changes.
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  for (const p of parts) ctx.drawImage(p.canvas, 0, 0);
  last = { parts: [...parts], merged: { canvas, step: first.step } };
  return last.merged;
}
