import type Konva from 'konva';
import { useEffect, useLayoutEffect, useRef } from 'react';

export interface ImagePoint {
  readonly x: number;
  readonly y: number;
}

/** One pointer sample: image coordinates, screen coordinates (for click-vs-drag) and modifiers. */
export interface CanvasPointer {
  readonly image: ImagePoint;
  readonly screen: ImagePoint;
  readonly shift: boolean;
  readonly alt: boolean;
}

export interface PointerHandlers {
  /** Left button pressed on the canvas; return false to ignore this press (no drag follows). */
  down?: (p: CanvasPointer) => boolean | void;
  drag?: (p: CanvasPointer) => void;
  up?: (p: CanvasPointer) => void;
  /** Pointer over the canvas with no button down (brush cursor); null when it leaves. */
  hover?: (p: CanvasPointer | null) => void;
}

/** Screen -> image coordinates through the stage transform (the viewport), valid outside the canvas too. */
export function toPointer(stage: Konva.Stage, e: PointerEvent | MouseEvent): CanvasPointer {
  const rect = stage.container().getBoundingClientRect();
  const screen = { x: e.clientX - rect.left, y: e.clientY - rect.top };
  const image = stage.getAbsoluteTransform().copy().invert().point(screen);
  return { image, screen, shift: e.shiftKey, alt: e.altKey };
}

/**
 * DOM pointer listening for a tool while `active`: presses on the stage's container, then moves and the
 * release on the window so a drag that leaves the canvas still ends. Pans never arrive here: the canvas
 * view captures space/middle/hand drags before they reach the stage.
 */
export function useCanvasPointer(
  stage: Konva.Stage | null,
  active: boolean,
  handlers: PointerHandlers,
): void {
  const ref = useRef(handlers);
  // Latest handlers without re-attaching the listeners on every render.
  useLayoutEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    if (!stage || !active) return undefined;
    const el = stage.container();
    let dragging: number | null = null;
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0 || dragging !== null) return;
      if (ref.current.down?.(toPointer(stage, e)) === false) return;
      dragging = e.pointerId;
      e.preventDefault();
    };
    const onMove = (e: PointerEvent) => {
      if (dragging === e.pointerId) ref.current.drag?.(toPointer(stage, e));
      else if (dragging === null && el.contains(e.target as Node)) ref.current.hover?.(toPointer(stage, e));
    };
    const onUp = (e: PointerEvent) => {
      if (dragging !== e.pointerId) return;
      dragging = null;
      ref.current.up?.(toPointer(stage, e));
    };
    const onLeave = () => dragging === null && ref.current.hover?.(null);
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointerleave', onLeave);
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onUp);
    return () => {
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointerleave', onLeave);
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onUp);
      ref.current.hover?.(null);
    };
  }, [stage, active]);
}
