import { useEffect, useRef, useState, type RefObject } from 'react';
import { isTypingTarget } from '../commands/isTypingTarget';
import { isModalOpen } from '../shell/modal/modalStack';
import { studioStore, useStudio } from '../state/store';
import { Tool } from '../state/uiSlice';
import { panBy } from './viewport';
import { applyWheel } from './wheel';

export type PanCursor = 'none' | 'ready' | 'panning';

/**
 * Wheel zoom/pan and drag panning on the canvas element. Panning starts with the middle button, with the
 * left button while Space is held, or with the hand tool; it captures the pointer so tools (which listen
 * on the Konva stage inside) never see a pan drag.
 */
export function usePanZoom(ref: RefObject<HTMLElement | null>): PanCursor {
  const [spaceHeld, setSpaceHeld] = useState(false);
  const [panning, setPanning] = useState(false);
  const spaceRef = useRef(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const onWheel = (e: WheelEvent) => {
      // Not passive: ctrl+wheel and pinch would otherwise zoom the whole page.
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const { viewport, setViewport, document } = studioStore.getState();
      if (!document.image) return;
      setViewport(applyWheel(viewport, e, { x: e.clientX - rect.left, y: e.clientY - rect.top }));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [ref]);

  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || isTypingTarget(e.target) || isModalOpen()) return;
      // Space must not also press a focused button or scroll.
      e.preventDefault();
      if (!spaceRef.current) setSpaceHeld((spaceRef.current = true));
    };
    const up = (e: KeyboardEvent) => {
      if (e.code === 'Space') setSpaceHeld((spaceRef.current = false));
    };
    const blur = () => setSpaceHeld((spaceRef.current = false));
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    let last: { x: number; y: number; id: number } | null = null;
    const onDown = (e: PointerEvent) => {
      const hand = studioStore.getState().tool === Tool.Hand;
      const wantsPan = e.button === 1 || (e.button === 0 && (spaceRef.current || hand));
      if (!wantsPan || !studioStore.getState().document.image) return;
      e.preventDefault();
      e.stopPropagation();
      el.setPointerCapture(e.pointerId);
      last = { x: e.clientX, y: e.clientY, id: e.pointerId };
      setPanning(true);
    };
    const onMove = (e: PointerEvent) => {
      if (!last || e.pointerId !== last.id) return;
      e.stopPropagation();
      const { viewport, setViewport } = studioStore.getState();
      setViewport(panBy(viewport, e.clientX - last.x, e.clientY - last.y));
      last = { x: e.clientX, y: e.clientY, id: e.pointerId };
    };
    const onUp = (e: PointerEvent) => {
      if (!last || e.pointerId !== last.id) return;
      last = null;
      setPanning(false);
    };
    // Capture phase: decide before Konva's own listeners on the inner content element.
    el.addEventListener('pointerdown', onDown, true);
    el.addEventListener('pointermove', onMove, true);
    el.addEventListener('pointerup', onUp, true);
    el.addEventListener('pointercancel', onUp, true);
    // Middle click on Linux would paste or autoscroll; pan instead.
    const noAux = (e: MouseEvent) => e.button === 1 && e.preventDefault();
    el.addEventListener('mousedown', noAux);
    return () => {
      el.removeEventListener('pointerdown', onDown, true);
      el.removeEventListener('pointermove', onMove, true);
      el.removeEventListener('pointerup', onUp, true);
      el.removeEventListener('pointercancel', onUp, true);
      el.removeEventListener('mousedown', noAux);
    };
  }, [ref]);

  const hand = useStudio((s) => s.tool === Tool.Hand);
  if (panning) return 'panning';
  return spaceHeld || hand ? 'ready' : 'none';
}
