import type { EditorObject, Mask, StudioDocument } from '../../state/documentSlice';

export type PromptPoint = EditorObject['prompts']['points'][number];
export type Prompts = EditorObject['prompts'];
/** [x0, y0, x1, y1] in image pixels, x0 <= x1 and y0 <= y1. */
export type PromptBox = readonly [number, number, number, number];

/** SAM labels: 1 = this is the object, 0 = this is not. */
export const PointLabel = { Negative: 0, Positive: 1 } as const;

/** The schema caps prompt points per object. */
export const MAX_PROMPT_POINTS = 500;

export function withPoint(prompts: Prompts, point: PromptPoint): Prompts {
  if (prompts.points.length >= MAX_PROMPT_POINTS) return prompts;
  return { ...prompts, points: [...prompts.points, point] };
}

export function withBox(prompts: Prompts, box: PromptBox): Prompts {
  const [ax, ay, bx, by] = box;
  return { ...prompts, box: [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)] };
}

/** Point within `radius` of (x, y) nearest to it, or -1: used to remove a prompt point by clicking it. */
export function pointNear(prompts: Prompts, x: number, y: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  prompts.points.forEach((p, i) => {
    const d = (p.x - x) ** 2 + (p.y - y) ** 2;
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}

export function withoutPoint(prompts: Prompts, index: number): Prompts {
  if (index < 0 || index >= prompts.points.length) return prompts;
  return { ...prompts, points: prompts.points.filter((_, i) => i !== index) };
}

export const hasPrompts = (p: Prompts): boolean => p.points.length > 0 || p.box !== null;

/**
 * Sets an object's prompts and its mask in one document change, so a click and the mask it produced are
 * one undo step. A null mask removes the mask (no prompts left).
 */
export function setPromptsAndMask(
  doc: StudioDocument,
  id: string,
  prompts: Prompts,
  mask: Mask | null,
): StudioDocument {
  const i = doc.objects.findIndex((o) => o.id === id);
  const old = doc.objects[i];
  if (!old) return doc;
  const objects = doc.objects.slice();
  objects[i] = { ...old, prompts };
  let masks = doc.masks;
  if (mask) masks = { ...masks, [id]: mask };
  else if (id in masks) {
    const { [id]: _removed, ...rest } = masks;
    masks = rest;
  }
  return { ...doc, objects, masks };
}

/** Clamps a point into the image so prompts never fall outside it. */
export function clampToImage(x: number, y: number, width: number, height: number): { x: number; y: number } {
  return { x: Math.max(0, Math.min(width - 1, x)), y: Math.max(0, Math.min(height - 1, y)) };
}
