import type { Mask } from '../../state/documentSlice';
import type { StudioStore } from '../../state/store';
import { findObject } from '../objects/objectActions';
import { hasPrompts, setPromptsAndMask, type Prompts } from './promptActions';
import { segmentUi } from './segmentUi';

/** One segment:click request: the object's whole prompt set on one image. */
export interface SegmentJob {
  readonly imageId: string;
  readonly objectId: string;
  readonly prompts: Prompts;
}

/**
 * Click-to-segment requests. Each click sends the object's whole prompt set (SAM2 needs all points at
 * once; the image embedding is cached by the host, so only the small decoder runs). The new prompts are
 * drawn at once (segmentUi.pending) and committed together with the mask they produced, so a click and
 * its mask are one undo step. Clicks made while a request runs are coalesced: the latest prompt set is
 * sent when the running one answers. `segment` does the request (the bridge in the app, a fake in tests).
 */
export function createSegmenter(
  store: StudioStore,
  segment: (job: SegmentJob) => Promise<Mask>,
  onError: (err: unknown) => void,
): (objectId: string, prompts: Prompts) => void {
  let wanted: SegmentJob | null = null;
  let running = false;

  const commit = (job: SegmentJob, mask: Mask) => {
    const { document, updateDocument } = store.getState();
    // The image was replaced or the object deleted while the request ran: the answer is for nothing.
    if (document.image?.imageId !== job.imageId || !findObject(document, job.objectId)) return;
    updateDocument((d) => setPromptsAndMask(d, job.objectId, job.prompts, mask));
  };

  const drain = async () => {
    running = true;
    segmentUi.setState({ busy: true });
    try {
      while (wanted) {
        const job = wanted;
        wanted = null;
        try {
          commit(job, await segment(job));
        } catch (err) {
          wanted = null;
          segmentUi.setState({ pending: null });
          onError(err);
        }
      }
    } finally {
      running = false;
      segmentUi.setState({ busy: false, pending: null });
    }
  };

  return (objectId, prompts) => {
    const image = store.getState().document.image;
    if (!image) return;
    if (!hasPrompts(prompts)) {
      // Nothing left to segment from (the last point was removed): no request, no mask.
      store.getState().updateDocument((d) => setPromptsAndMask(d, objectId, prompts, null));
      return;
    }
    wanted = { imageId: image.imageId, objectId, prompts };
    segmentUi.setState({ pending: { objectId, points: prompts.points, box: prompts.box } });
    if (!running) void drain();
  };
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
