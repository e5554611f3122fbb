import type { StudioStore } from '../state/store';
import type { StudioState } from '../state/types';

type Analysis = Pick<StudioState, 'depthState' | 'autoSegmentsState' | 'document'>;

/** Depth or the automatic scene segments are still being computed for the open image. */
export function analysing(s: Analysis): boolean {
  return s.depthState === 'running' || s.autoSegmentsState === 'running';
}

/**
 * Resolves once the open image's depth and scene segments are computed (or have failed): true when they
 * are, false when another image was opened meanwhile (the request no longer applies). A generation
 * waits for them because the control signal reads both (the segments hold the background still, depth
 * orders the objects); the inference process would run the job after them anyway, so waiting costs no
 * time and the take does not silently come out with a flat, unanchored scene.
 */
export function whenAnalysed(store: StudioStore): Promise<boolean> {
  const imageId = store.getState().document.image?.imageId;
  return new Promise((resolve) => {
    const check = (s: Analysis): boolean => {
      if (s.document.image?.imageId !== imageId) return settle(false);
      return analysing(s) ? false : settle(true);
    };
    let unsubscribe: (() => void) | null = null;
    let done = false;
    function settle(value: boolean): true {
      done = true;
      unsubscribe?.();
      resolve(value);
      return true;
    }
    if (check(store.getState())) return;
    unsubscribe = store.subscribe((s) => void check(s));
    if (done) unsubscribe();
  });
}
