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
const TASK_LABEL = 'Finding scene segments';

/**
 * When an image opens: warm the SAM2 image embedding (so the first click answers fast) and compute the
 * automatic scene segments in the background. A missing model is not an error here: the click itself
 * tells the user what to install, and the segments overlay says why it is empty.
 */
export function useSegmentAnalysis(): void {
  const imageId = useStudio((s) => s.document.image?.imageId);
  useEffect(() => {
    if (!imageId) return undefined;
    let live = true;
    const stillCurrent = () => live && studioStore.getState().document.image?.imageId === imageId;
    bridge.api.segment.prepare({ imageId }).catch(() => {
      // Reported on the first click, with advice; nothing to do before it.
    });
    const jobs = { id: '' };
    // A project opened with its segments already computed (session.ts sets them with the document).
    const loaded = studioStore.getState();
    if (!(loaded.autoSegmentsState === 'done' && loaded.autoSegments.length > 0))
      void runAuto(imageId, jobs, stillCurrent);
    return () => {
      live = false;
      if (jobs.id) bridge.api.jobs.cancel({ jobId: jobs.id }).catch(() => undefined);
      clearTask();
    };
  }, [imageId]);
}

async function runAuto(imageId: string, job: { id: string }, current: () => boolean): Promise<void> {
  const s = studioStore.getState();
  s.setAutoSegmentsState('running');
  segmentUi.setState({ autoError: null });
  let offProgress = () => {};
  try {
    const settings = testAutoSettings();
    const { jobId } = await bridge.api.segment.auto({ imageId, ...(settings ? { settings } : {}) });
    job.id = jobId;
    if (!current()) return;
    showTask(null);
    offProgress = bridge.api.on('inference:progress', (p) => {
      if (p.jobId === jobId && current() && p.total > 0) showTask(p.done / p.total);
    });
    const result = await bridge.api.segment.autoResult({ jobId });
    job.id = '';
    if (!current()) return;
    const segments: AutoSegment[] = result.masks.slice(0, MAX_AUTO_SEGMENTS).map((m) => ({
      mask: {
        width: result.width,
        height: result.height,
        data: decodeMask(m.mask, result.width, result.height, 255),
      },
      area: m.area,
      iou: m.iou,
    }));
    studioStore.getState().setAutoSegments(segments, 'done');
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
