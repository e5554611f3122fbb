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
    // Settled: another image (false) or nothing left running (true); null while waiting.
    const outcome = (s: Analysis): boolean | null =>
      s.document.image?.imageId !== imageId ? false : analysing(s) ? null : true;
    const now = outcome(store.getState());
    if (now !== null) return resolve(now);
    const unsubscribe = store.subscribe((s) => {
      const r = outcome(s);
      if (r === null) return;
      unsubscribe();
      resolve(r);
    });
  });
}
