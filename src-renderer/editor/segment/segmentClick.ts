import { decodeMask } from '../../../src-shared/segment/maskCodec';
import { bridge } from '../../bridge';
import { reportError } from '../../io/reportError';
import type { Mask } from '../../state/documentSlice';
import { studioStore } from '../../state/store';
import { findObject } from '../objects/objectActions';
import { selectedObject } from '../objects/objectOps';
import { hasPrompts, setPromptsAndMask, type Prompts } from './promptActions';
import { segmentUi } from './segmentUi';

/**
 * Click-to-segment requests. Each click sends the object's whole prompt set (SAM2 needs all points at
 * once; the image embedding is cached by the host, so only the small decoder runs). The new prompts are
 * drawn at once (segmentUi.pending) and committed together with the mask they produced, so a click and
 * its mask are one undo step. Clicks made while a request runs are coalesced: the latest prompt set is
 * sent when the running one answers.
 */
interface Wanted {
  readonly imageId: string;
  readonly objectId: string;
  readonly prompts: Prompts;
}

let wanted: Wanted | null = null;
let running = false;

export function requestSegment(objectId: string, prompts: Prompts): void {
  const image = studioStore.getState().document.image;
  if (!image) return;
  if (!hasPrompts(prompts)) {
    // Nothing left to segment from (the last point was removed): no request, no mask.
    studioStore.getState().updateDocument((d) => setPromptsAndMask(d, objectId, prompts, null));
    return;
  }
  wanted = { imageId: image.imageId, objectId, prompts };
  segmentUi.setState({ pending: { objectId, points: prompts.points, box: prompts.box } });
  if (!running) void drain();
}

async function drain(): Promise<void> {
  running = true;
  segmentUi.setState({ busy: true });
  try {
    while (wanted) {
      const job = wanted;
      wanted = null;
      try {
        const mask = await segmentOnce(job);
        commit(job, mask);
      } catch (err) {
        wanted = null;
        segmentUi.setState({ pending: null });
        reportSegmentError(err);
      }
    }
  } finally {
    running = false;
    segmentUi.setState({ busy: false, pending: null });
  }
}

async function segmentOnce(job: Wanted): Promise<Mask> {
  const res = await bridge.api.segment.click({
    imageId: job.imageId,
    objectId: job.objectId,
    points: job.prompts.points.map((p) => ({ x: p.x, y: p.y, label: p.label })),
    box: job.prompts.box ? [...job.prompts.box] : null,
    choice: 'reference',
  });
  return { width: res.width, height: res.height, data: decodeMask(res.mask, res.width, res.height, 255) };
}

function commit(job: Wanted, mask: Mask): void {
  const { document, updateDocument } = studioStore.getState();
  // The image was replaced or the object deleted while the request ran: the answer is for nothing.
  if (document.image?.imageId !== job.imageId || !findObject(document, job.objectId)) return;
  updateDocument((d) => setPromptsAndMask(d, job.objectId, job.prompts, mask));
}

/** Errors carry a code over the WebSocket; through the Electron preload it travels as "[code] message". */
export function errorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const m = /^\[([\w/-]+)\]/.exec(String((err as { message?: unknown }).message ?? ''));
    if (m?.[1]) return m[1];
  }
  return '';
}

function reportSegmentError(err: unknown): void {
  if (errorCode(err) === 'models/not-installed') {
    studioStore.getState().pushNotice({
      level: 'warning',
      title: 'Click-to-segment needs a SAM 2 model',
      detail:
        'Install a SAM 2 model from the Models panel (or `levitor models install`). Meanwhile you can paint the mask with the mask brush (B).',
    });
    return;
  }
  reportError(err, 'Segmenting failed');
}

/** Removes the selected object's clicks, box and mask (one undo step). */
export function clearPrompts(): void {
  const obj = selectedObject();
  if (!obj || obj.locked) return;
  studioStore.getState().updateDocument((d) => setPromptsAndMask(d, obj.id, { points: [], box: null }, null));
}
