import { useEffect } from 'react';
import { decodeMask } from '../../../src-shared/segment/maskCodec';
import { bridge } from '../../bridge';
import type { AutoSegment } from '../../state/analysisSlice';
import { studioStore, useStudio } from '../../state/store';
import { testAutoSettings } from '../../testHook';
import { errorCode } from './segmenter';
import { segmentUi } from './segmentUi';

/**
 * Full-resolution masks cost width*height bytes each; past this many the least confident segments (the
 * segmenter returns them by predicted IoU, best first) are dropped so a 4096 px image stays in memory.
 */
export const MAX_AUTO_SEGMENTS = 64;
/** All kept segments together stay under this many bytes (16 segments of a 67 MP image, 64 at 4096 px). */
export const AUTO_SEGMENT_BUDGET = 1 << 30;

/** How many segments of a width x height image are kept: the budget's share, 8 at least, 64 at most. */
export function autoSegmentsKept(width: number, height: number): number {
  return Math.max(8, Math.min(MAX_AUTO_SEGMENTS, Math.floor(AUTO_SEGMENT_BUDGET / (width * height))));
}
const TASK_LABEL = 'Finding scene segments';

/** The automatic-segments run of the open image, if one is going: skip cancels it. */
let active: { job: { id: string } } | null = null;

/**
 * When an image opens: warm the SAM2 image embedding (so the first click answers fast) and compute the
 * automatic scene segments in the background, unless the image already has them or the user skipped them
 * for it (both saved in the project: a reopened project never computes them again). A missing model is
 * not an error here: the click itself tells the user what to install, and the segments overlay says why
 * it is empty. The inference host runs clicks ahead of this background work.
 */
export function useSegmentAnalysis(): void {
  const imageId = useStudio((s) => s.document.image?.imageId);
  useEffect(() => {
    if (!imageId) return undefined;
    segmentUi.setState({ encoding: imageId });
    const encoded = () => {
      if (segmentUi.getState().encoding === imageId) segmentUi.setState({ encoding: null });
    };
    // A failure is reported on the first click, with advice; nothing to do before it.
    bridge.api.segment.prepare({ imageId }).then(encoded, encoded);
    if (studioStore.getState().autoSegmentsState === 'idle') startAutoSegments({ chosen: false });
    return () => {
      stopActive();
      encoded();
    };
  }, [imageId]);
}

/**
 * Starts (or restarts after a skip or failure) the open image's automatic segments. `chosen`: the artist
 * asked for them (Find), so the project's saved choice changes when they arrive (unsaved until saved).
 */
export function startAutoSegments({ chosen }: { chosen: boolean } = { chosen: true }): void {
  const imageId = studioStore.getState().document.image?.imageId;
  if (!imageId || studioStore.getState().autoSegmentsState === 'running') return;
  stopActive();
  const run = { job: { id: '' } };
  active = run;
  void runAuto(
    imageId,
    run.job,
    () => active === run && studioStore.getState().document.image?.imageId === imageId,
    chosen,
  );
}

/**
 * Goes without automatic segments for this image: a run in progress is cancelled, computed ones are
 * dropped; the control signal then uses the user's objects only (as the reference does with no segments).
 */
export function skipAutoSegments(): void {
  stopActive();
  studioStore.getState().setAutoSegments([], 'skipped');
  segmentUi.setState({ autoError: null, showAutoSegments: false });
}

/**
 * Segments computed on their own (not asked for) when an image opens are what opening computes anyway: the
 * project is no more unsaved than before, so they become part of what counts as saved. Skip and Find do
 * change what the file says (docs/design.md rule 14: the choice is shown and kept), yet they are analysis,
 * not undo steps: the title's dot compares them with the file's (projectSlice isDirty), so Skip then Find
 * that finds the saved segments again is clean.
 */
function adoptAsSaved(): void {
  const s = studioStore.getState();
  const saved = s.project.saved;
  if (s.document.image && saved)
    s.setProject({
      ...s.project,
      saved: { ...saved, autoSegments: s.autoSegments, autoSegmentsState: s.autoSegmentsState },
    });
}

function stopActive(): void {
  const run = active;
  active = null;
  if (run?.job.id) bridge.api.jobs.cancel({ jobId: run.job.id }).catch(() => undefined);
  clearTask();
}

async function runAuto(
  imageId: string,
  job: { id: string },
  current: () => boolean,
  chosen: boolean,
): Promise<void> {
  const s = studioStore.getState();
  s.setAutoSegmentsState('running');
  segmentUi.setState({ autoError: null });
  let offProgress = () => {};
  try {
    const settings = testAutoSettings();
    const { jobId } = await bridge.api.segment.auto({ imageId, ...(settings ? { settings } : {}) });
    job.id = jobId;
    if (!current()) {
      // Skipped or another image opened while the request was on its way: nobody wants this run.
      bridge.api.jobs.cancel({ jobId }).catch(() => undefined);
      return;
    }
    showTask(null);
    offProgress = bridge.api.on('inference:progress', (p) => {
      if (p.jobId === jobId && current() && p.total > 0) showTask(p.done / p.total);
    });
    const result = await bridge.api.segment.autoResult({ jobId });
    job.id = '';
    if (!current()) return;
    const segments: AutoSegment[] = result.masks
      .slice(0, autoSegmentsKept(result.width, result.height))
      .map((m) => ({
        mask: {
          width: result.width,
          height: result.height,
          data: decodeMask(m.mask, result.width, result.height, 255),
        },
        area: m.area,
        iou: m.iou,
      }));
    studioStore.getState().setAutoSegments(segments, 'done');
    if (!chosen) adoptAsSaved();
  } catch (err) {
    job.id = '';
    if (!current()) return;
    studioStore.getState().setAutoSegmentsState('failed');
    segmentUi.setState({
      autoError:
        errorCode(err) === 'models/not-installed'
          ? 'Automatic segments need a SAM 2 model: install one from the Models panel.'
          : `Automatic segments failed: ${err instanceof Error ? err.message : String(err)}`,
    });
  } finally {
    offProgress();
    clearTask();
  }
}

function showTask(fraction: number | null): void {
  const { task, setTask } = studioStore.getState();
  // Never hide a more urgent task (reading an image) behind background work.
  if (task && !task.label.startsWith(TASK_LABEL)) return;
  setTask({ label: `${TASK_LABEL}…`, fraction });
}

function clearTask(): void {
  const { task, setTask } = studioStore.getState();
  if (task?.label.startsWith(TASK_LABEL)) setTask(null);
}
