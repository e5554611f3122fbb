import { useEffect, type RefObject } from 'react';
import { studioStore } from '../state/store';

/** Keeps the store's stage size equal to the canvas element's size (whole CSS pixels). */
export function useStageSize(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const update = () => {
      const rect = el.getBoundingClientRect();
      studioStore.getState().setStageSize({ width: Math.floor(rect.width), height: Math.floor(rect.height) });
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
}
