import { bridge } from '../bridge';
import { reportError } from '../io/reportError';
import { studioStore } from '../state/store';
import { jobsStore } from './jobsStore';
import { generationScene } from './jobScene';
import { hasMovingObject } from './motionPresets';
import { analysing, whenAnalysed } from './whenAnalysed';

/** Jobs that will still become takes (finished ones already are in document.takes). */
const pending = () =>
  jobsStore.getState().jobs.filter((j) => j.status === 'queued' || j.status === 'running').length;

/** "Generate": queues a job with the document's settings and scene (main computes the control). */
export async function generate(): Promise<void> {
  // Said at once, not after the scene analysis the job may wait for.
  const now = studioStore.getState();
  if (now.document.image && !hasMovingObject(now.document))
    now.pushNotice({
      level: 'warning',
      title: 'Nothing will move along a path in this take',
      detail:
        'No visible object has a path. Select an object, draw its path with the Trajectory tool (T), then ' +
        'generate again; this take shows only the motion the model adds by itself.',
    });
  if (analysing(studioStore.getState())) {
    studioStore.getState().pushNotice({
      level: 'info',
      title: 'The take is queued once the scene analysis is done',
      detail:
        'Depth and the scene segments are still being computed for this image; the generation uses both, ' +
        'so it joins the queue with them as soon as they are ready.',
    });
    if (!(await whenAnalysed(studioStore))) return; // another image was opened meanwhile
  }
  const s = studioStore.getState();
  const scene = generationScene(s);
  if (!scene) {
    s.pushNotice({
      level: 'info',
      title: 'Open an image first',
      detail: 'Generation animates the open image.',
    });
    return;
  }
  try {
    const job = await bridge.api.generation.enqueue({
      settings: s.document.settings,
      scene,
      label: `Take ${s.document.takes.length + pending() + 1}`,
    });
    jobsStore.getState().upsert(job);
  } catch (err) {
    reportError(err, 'Could not queue the generation');
  }
}

/** Runs a queue action and reports a failure in words. */
export function queueAction(what: string, run: () => Promise<unknown>): void {
  run().catch((err: unknown) => reportError(err, what));
}
