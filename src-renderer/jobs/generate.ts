import { bridge } from '../bridge';
import { reportError } from '../io/reportError';
import { projectIdForGeneration } from '../project/session';
import { canFitFrame, checkFrame } from '../editor/framing/frameCheck';
import { describeOutside, frameAdvice } from '../editor/framing/frameText';
import { runCommand } from '../commands/appCommands';
import { askChoice, askConfirm } from '../shell/modal/confirmStore';
import type { Notice } from '../state/appSlice';
import { studioStore } from '../state/store';
import type { StudioState } from '../state/types';
import { jobsStore } from './jobsStore';
import { generationScene } from './jobScene';
import { sendableScene } from './sendScene';
import { hasMovingObject } from './motionPresets';
import { analysing, whenAnalysed } from './whenAnalysed';

/** Jobs that will still become takes (finished ones already are in document.takes). */
const pending = () =>
  jobsStore.getState().jobs.filter((j) => j.status === 'queued' || j.status === 'running').length;

const NOTHING_MOVES = {
  title: 'Nothing will move along a path',
  body:
    'No visible object has a mask and a path, so this take would show only the motion the model adds ' +
    'by itself. To move an object, select it and draw its path with the Trajectory tool (T).',
  confirm: 'Generate anyway',
  cancel: 'Cancel',
} as const;

/**
 * Asked before a take whose motion the frame does not hold (a path held at the frame's edge, an object
 * left out): generate anyway, fit the frame first (one undo step), or cancel. False: nothing is queued.
 */
async function frameHoldsMotion(): Promise<boolean> {
  const doc = studioStore.getState().document;
  const report = checkFrame(doc);
  if (!report.outside.length) return true;
  const lines = report.outside.map((o) => describeOutside(o, doc.settings.frames));
  const fit = canFitFrame(doc, report);
  const choice = await askChoice({
    title: 'Part of the motion is outside the frame',
    body: `${lines.join('; ')}. ${frameAdvice(doc, report)}`,
    confirm: 'Generate anyway',
    ...(fit ? { alternative: 'Fit frame and generate' } : {}),
  });
  if (choice === 'alternative') await runCommand('frame.fitMotion');
  return choice !== 'cancel';
}

/**
 * What a Generate waits for while the open image is analysed. Automatic segments can take minutes on a
 * large image; the artist may skip them (the control signal then uses their objects only) and queue now.
 */
function waitNotice(s: Pick<StudioState, 'depthState' | 'autoSegmentsState'>): Omit<Notice, 'id'> {
  const segments = s.autoSegmentsState === 'running';
  const what =
    segments && s.depthState === 'running'
      ? 'Depth and the scene segments are'
      : segments
        ? 'The scene segments are'
        : 'Depth is';
  return {
    level: 'info',
    title: 'The take is queued once the scene analysis is done',
    detail:
      `${what} still being computed for this image; the generation uses them, so it joins the queue as ` +
      `soon as they are ready.${segments ? ' Skip the segments to queue it now with your objects only.' : ''}`,
    ...(segments ? { action: { label: 'Skip segments', command: 'segment.autoSkip' } } : {}),
  };
}

/** "Generate": queues a job with the document's settings and scene (main computes the control). */
export async function generate(): Promise<void> {
  // Asked at once, not after the scene analysis the job may wait for; nothing is queued on Cancel.
  const now = studioStore.getState();
  if (now.document.image && !hasMovingObject(now.document) && !(await askConfirm(NOTHING_MOVES))) return;
  if (!(await frameHoldsMotion())) return;
  if (analysing(studioStore.getState())) {
    const waiting = studioStore.getState().pushNotice(waitNotice(studioStore.getState()));
    const analysed = await whenAnalysed(studioStore);
    studioStore.getState().dismissNotice(waiting);
    if (!analysed) return; // another image was opened meanwhile
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
    const projectId = await projectIdForGeneration();
    const job = await bridge.api.generation.enqueue({
      projectId,
      settings: s.document.settings,
      scene: await sendableScene(scene),
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
