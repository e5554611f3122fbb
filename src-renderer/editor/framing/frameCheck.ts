import {
  MIN_CROP_SCALE,
  cropRect,
  imageToFrame,
  placeFrame,
  type CropFrame,
  type Framing,
  type Placement,
  type Rect,
  type Size,
} from '../../../src-shared/image/framing';
import { parseResolution } from '../../preview/buildScene';
import type { EditorObject, Mask, StudioDocument } from '../../state/documentSlice';
import { framePositions } from '../trajectory/pathGeometry';
import { maskBounds, maskHasPixelIn } from './maskBounds';

/** A moving object the frame does not hold: the control signal leaves it out or holds it at the edge. */
export interface OutsideObject {
  readonly id: string;
  readonly name: string;
  /** none of its mask is in the frame: the control signal leaves it out (it will not move) */
  readonly maskOutside: boolean;
  /** the frames (0-based) at which its path is outside the frame: it is held at the frame's edge there */
  readonly frames: readonly number[];
}

export interface FrameReport {
  readonly outside: readonly OutsideObject[];
  /** crop only: the crop frame that holds the moving objects along their paths (null: nothing to hold) */
  readonly fitted: CropFrame | null;
  /** whether nothing is outside with `fitted` (false: too wide or tall for this shape, or off the image) */
  readonly fitsAll: boolean;
}

type Doc = Pick<StudioDocument, 'image' | 'objects' | 'masks' | 'framing' | 'settings'>;

/** Moving objects as the control signal takes them: visible, with a mask and a path. */
function movers(doc: Doc): { obj: EditorObject; mask: Mask }[] {
  return doc.objects.flatMap((obj) => {
    const mask = doc.masks[obj.id];
    const moving = obj.visible && obj.kind === 'moving' && (obj.trajectory?.points.length ?? 0) > 0;
    return mask && moving ? [{ obj, mask }] : [];
  });
}

const inside = (p: { x: number; y: number }, pl: Placement): boolean => {
  const f = imageToFrame(p, pl);
  return f.x >= 0 && f.y >= 0 && f.x < pl.width && f.y < pl.height;
};

/** Image pixels -> mask pixels (masks are at image size; the scale keeps any other size right). */
function toMask(r: Rect, image: Size, m: Mask): Rect {
  const sx = m.width / image.width;
  const sy = m.height / image.height;
  return { x: r.x * sx, y: r.y * sy, w: r.w * sx, h: r.h * sy };
}

function outsideWith(doc: Doc, image: Size, framing: Framing): OutsideObject[] {
  const pl = placeFrame(image, parseResolution(doc.settings.resolution), framing);
  const out: OutsideObject[] = [];
  for (const { obj, mask } of movers(doc)) {
    const path = framePositions(obj.trajectory!, doc.settings.frames);
    const frames = path.flatMap((p, f) => (inside(p, pl) ? [] : [f]));
    const maskOutside = !maskHasPixelIn(mask, toMask(pl.src, image, mask));
    if (frames.length || maskOutside) out.push({ id: obj.id, name: obj.name, maskOutside, frames });
  }
  return out;
}

/** What the moving objects cover along their paths, in image pixels (their masks moved with them). */
function motionExtent(doc: Doc, image: Size): Rect | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const { obj, mask } of movers(doc)) {
    const b = maskBounds(mask);
    const path = framePositions(obj.trajectory!, doc.settings.frames);
    const start = path[0];
    if (!b || !start) continue;
    const sx = image.width / mask.width;
    const sy = image.height / mask.height;
    for (const p of path) {
      const dx = p.x - start.x;
      const dy = p.y - start.y;
      x0 = Math.min(x0, b.x * sx + dx, p.x);
      y0 = Math.min(y0, b.y * sy + dy, p.y);
      x1 = Math.max(x1, (b.x + b.w) * sx + dx, p.x + 1);
      y1 = Math.max(y1, (b.y + b.h) * sy + dy, p.y + 1);
    }
  }
  return x0 < x1 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/** A margin around what the frame must hold, as a fraction of its size (objects are not cut at the edge). */
const MARGIN = 0.06;

/**
 * The crop frame centred on `want` (image pixels), at the artist's scale when that holds it, else as small as
 * holds it with a margin, at most the largest.
 */
function frameAround(image: Size, target: Size, current: CropFrame, want: Rect): CropFrame {
  const aspect = target.width / target.height;
  const largest = Math.min(image.width, image.height * aspect);
  const need = (Math.max(want.w, want.h * aspect) * (1 + 2 * MARGIN)) / largest;
  const scale = Math.min(1, Math.max(MIN_CROP_SCALE, current.scale, need));
  const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
  const cx = clamp01((want.x + want.w / 2) / image.width);
  const cy = clamp01((want.y + want.h / 2) / image.height);
  // cropRect keeps the frame inside the image: store the centre it really has, so a second fit is a no-op
  const r = cropRect(image, target, { cx, cy, scale });
  return { cx: (r.x + r.w / 2) / image.width, cy: (r.y + r.h / 2) / image.height, scale };
}

/**
 * Which moving objects the frame does not hold (their paths' frames outside it, or none of their mask in
 * it), and for a crop the frame that would hold them all. Letterbox and stretch show the whole image, so
 * only a path leaving the image can be outside there.
 */
export function checkFrame(doc: Doc): FrameReport {
  // The Frame section, the line above Generate, the timeline and autoFrame all ask about the same document.
  const key = [doc.image, doc.objects, doc.masks, doc.framing, doc.settings] as const;
  if (last && key.every((k, i) => k === last?.key[i])) return last.report;
  const report = computeReport(doc);
  last = { key, report };
  return report;
}

let last: { key: readonly unknown[]; report: FrameReport } | null = null;

function computeReport(doc: Doc): FrameReport {
  const image = doc.image;
  if (!image) return { outside: [], fitted: null, fitsAll: true };
  const outside = outsideWith(doc, image, doc.framing);
  const want = doc.framing.fit === 'crop' ? motionExtent(doc, image) : null;
  if (!want) return { outside, fitted: null, fitsAll: outside.length === 0 };
  const target = parseResolution(doc.settings.resolution);
  let fitted = frameAround(image, target, doc.framing.frame, want);
  // Too big for the shape: hold the paths themselves (the objects may then be cut at the edge).
  if (outsideWith(doc, image, { fit: 'crop', frame: fitted }).length) {
    const paths = pathExtent(doc);
    if (paths) fitted = frameAround(image, target, doc.framing.frame, paths);
  }
  const fitsAll = outsideWith(doc, image, { fit: 'crop', frame: fitted }).length === 0;
  return { outside, fitted, fitsAll };
}

function pathExtent(doc: Doc): Rect | null {
  const pts = movers(doc).flatMap(({ obj }) => framePositions(obj.trajectory!, doc.settings.frames));
  if (!pts.length) return null;
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x + 1, h: Math.max(...ys) - y + 1 };
}

/** Whether fitting would move the frame by a pixel or more (the button is offered only then). */
export function canFitFrame(doc: Doc, report: FrameReport): boolean {
  const f = report.fitted;
  if (doc.framing.fit !== 'crop' || f === null || !doc.image) return false;
  const target = parseResolution(doc.settings.resolution);
  const a = cropRect(doc.image, target, f);
  const b = cropRect(doc.image, target, doc.framing.frame);
  return a.x !== b.x || a.y !== b.y || a.w !== b.w || a.h !== b.h;
}
