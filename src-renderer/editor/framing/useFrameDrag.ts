import type Konva from 'konva';
import { useEffect } from 'react';
import { cropRect, type CropFrame, type Rect } from '../../../src-shared/image/framing';
import { toPointer } from '../segment/canvasPointer';
import { beginGesture, endGesture, studioStore } from '../../state/store';
import { CORNER_CURSOR, hitFrame, type FrameHit } from './frameGeometry';
import { markFramePlaced } from './autoFrame';
import { frameSize, movedFrame, resizedFrame, setCropFrame } from './framingActions';

/** Grab distance around the crop frame's edges and corners, in screen pixels. */
const GRAB_PX = 7;

/**
 * Moving and scaling the crop frame on the canvas, whatever tool is active: a press on the frame's edge band
 * or a corner handle is taken here (in the capture phase, above the stage, so the active tool never sees
 * it); presses inside or outside the frame go to the tool as before. One drag = one undo step.
 */
export function useFrameDrag(stage: Konva.Stage | null, enabled: boolean): void {
  useEffect(() => {
    if (!stage || !enabled) return undefined;
    const el = stage.container();
    const host = el.parentElement ?? el;
    let drag: {
      id: number;
      hit: Exclude<FrameHit, null>;
      frame: CropFrame;
      start: Rect;
      from: { x: number; y: number };
    } | null = null;
    const current = () => {
      const s = studioStore.getState();
      const image = s.document.image;
      if (!image || s.document.framing.fit !== 'crop') return null;
      const target = frameSize(s.document);
      const frame = s.document.framing.frame;
      return { image, target, frame, rect: cropRect(image, target, frame), scale: s.viewport.scale };
    };
    const hitAt = (e: PointerEvent) => {
      const c = current();
      if (!c || !el.contains(e.target as Node)) return null;
      const p = toPointer(stage, e).image;
      return { c, p, hit: hitFrame(c.rect, p, GRAB_PX / c.scale) };
    };
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0 || drag) return;
      const h = hitAt(e);
      if (!h?.hit) return;
      e.stopPropagation();
      e.preventDefault();
      drag = { id: e.pointerId, hit: h.hit, frame: h.c.frame, start: h.c.rect, from: h.p };
      beginGesture(studioStore);
    };
    const onMove = (e: PointerEvent) => {
      if (!drag) {
        const h = hitAt(e);
        el.style.cursor = !h?.hit
          ? ''
          : h.hit.kind === 'move'
            ? 'move'
            : (CORNER_CURSOR[h.hit.corner] ?? 'move');
        return;
      }
      if (e.pointerId !== drag.id) return;
      const c = current();
      if (!c) return;
      const p = toPointer(stage, e).image;
      const d = drag;
      const frame =
        d.hit.kind === 'move'
          ? movedFrame(
              c.image,
              c.target,
              d.frame,
              d.start,
              Math.round(p.x - d.from.x),
              Math.round(p.y - d.from.y),
            )
          : resizedFrame(c.image, c.target, d.start, d.hit.corner, p);
      markFramePlaced(studioStore.getState().document.image?.imageId);
      studioStore.getState().updateDocument((doc) => setCropFrame(doc, frame));
    };
    const onUp = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.id) return;
      drag = null;
      endGesture(studioStore);
    };
    host.addEventListener('pointerdown', onDown, true);
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onUp);
    return () => {
      host.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onUp);
      el.style.cursor = '';
      if (drag) endGesture(studioStore);
    };
  }, [stage, enabled]);
}
