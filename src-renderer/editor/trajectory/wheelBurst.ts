import { beginGesture, endGesture, studioStore } from '../../state/store';

/**
 * A burst of wheel notches is one undo step: the first notch begins a gesture and a pause of WHEEL_IDLE_MS
 * ends it. Shared by the canvas (wheel over a point) and the inspector's distance control, so wheeling
 * over one and then the other is still one step per burst.
 */
export const WHEEL_IDLE_MS = 400;

let timer: ReturnType<typeof setTimeout> | null = null;

/** Call before the edit of every notch. */
export function wheelNotch(): void {
  if (timer === null) beginGesture(studioStore);
  else clearTimeout(timer);
  timer = setTimeout(settleWheel, WHEEL_IDLE_MS);
}

/** Ends the burst now (a key such as Ctrl+Z right after wheeling must see a finished step). */
export function settleWheel(): void {
  if (timer === null) return;
  clearTimeout(timer);
  timer = null;
  endGesture(studioStore);
}

/** The vertical wheel delta; Chromium turns a Shift+wheel into a horizontal one, which counts the same. */
export function wheelDelta(e: WheelEvent): number {
  return e.deltaY !== 0 ? e.deltaY : e.shiftKey ? e.deltaX : 0;
}
