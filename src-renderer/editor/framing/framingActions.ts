import {
  CENTRED_FRAME,
  cropRect,
  frameFromRect,
  type CropFrame,
  type FitMode,
  type Rect,
  type Size,
} from '../../../src-shared/image/framing';
import { parseResolution } from '../../preview/buildScene';
import type { StudioDocument } from '../../state/documentSlice';
import { checkFrame } from './frameCheck';

/**
 * Document edits of the framing: pure `(doc, ...) => doc` for updateDocument. An unchanged value returns the
 * same document (no undo step).
 */
export function setFit(doc: StudioDocument, fit: FitMode): StudioDocument {
  return doc.framing.fit === fit ? doc : { ...doc, framing: { ...doc.framing, fit } };
}

export function setCropFrame(doc: StudioDocument, frame: CropFrame): StudioDocument {
  const f = doc.framing.frame;
  if (f.cx === frame.cx && f.cy === frame.cy && f.scale === frame.scale) return doc;
  return { ...doc, framing: { ...doc.framing, frame } };
}

export function resetCropFrame(doc: StudioDocument): StudioDocument {
  return setCropFrame(doc, CENTRED_FRAME);
}

/**
 * The crop frame moved (and grown when it must be) to hold the moving objects along their paths: the fix
 * offered wherever the studio says that something is outside the frame. Crop only; one undo step.
 */
export function fitFrameToMotion(doc: StudioDocument): StudioDocument {
  if (doc.framing.fit !== 'crop') return doc;
  const { fitted } = checkFrame(doc);
  return fitted ? setCropFrame(doc, fitted) : doc;
}

/** The generation frame's size (the settings' W x H). */
export function frameSize(doc: StudioDocument): Size {
  return parseResolution(doc.settings.resolution);
}

/** The crop frame `frame` (whose rectangle is `start`) moved by (dx, dy) image pixels; its size is kept. */
export function movedFrame(
  image: Size,
  target: Size,
  frame: CropFrame,
  start: Rect,
  dx: number,
  dy: number,
): CropFrame {
  const f = frameFromRect(image, target, { ...start, x: start.x + dx, y: start.y + dy });
  return { ...f, scale: frame.scale };
}

/**
 * The crop frame resized by dragging one corner to `p` with the opposite corner held (the frame's aspect
 * kept: the larger of the two spans wins). `corner`: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left.
 */
export function resizedFrame(
  image: Size,
  target: Size,
  start: Rect,
  corner: number,
  p: { x: number; y: number },
): CropFrame {
  const aspect = target.width / target.height;
  const ax = corner === 0 || corner === 3 ? start.x + start.w : start.x;
  const ay = corner === 0 || corner === 1 ? start.y + start.h : start.y;
  const w = Math.max(Math.abs(p.x - ax), Math.abs(p.y - ay) * aspect, 1);
  const h = w / aspect;
  const x = corner === 0 || corner === 3 ? ax - w : ax;
  const y = corner === 0 || corner === 1 ? ay - h : ay;
  // frameFromRect clamps the size; keep the held corner where it was when the size is clamped
  const f = frameFromRect(image, target, { x, y, w, h });
  const r = cropRect(image, target, f);
  const nx = corner === 0 || corner === 3 ? ax - r.w : ax;
  const ny = corner === 0 || corner === 1 ? ay - r.h : ay;
  return frameFromRect(image, target, { x: nx, y: ny, w: r.w, h: r.h });
}
