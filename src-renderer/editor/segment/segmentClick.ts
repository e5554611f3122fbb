import { decodeMask } from '../../../src-shared/segment/maskCodec';
import { bridge } from '../../bridge';
import { reportError } from '../../io/reportError';
import { studioStore } from '../../state/store';
import { selectedObject } from '../objects/objectOps';
import { setPromptsAndMask } from './promptActions';
import { createSegmenter, errorCode } from './segmenter';

// Other editor modules (depth estimation) read error codes through here.
export { errorCode };

/** segment:click over the bridge; the mask comes back run-length encoded (src-shared/segment/maskCodec). */
export const requestSegment = createSegmenter(
  studioStore,
  async (job) => {
    const res = await bridge.api.segment.click({
      imageId: job.imageId,
      objectId: job.objectId,
      points: job.prompts.points.map((p) => ({ x: p.x, y: p.y, label: p.label })),
      box: job.prompts.box ? [...job.prompts.box] : null,
      choice: 'reference',
    });
    return { width: res.width, height: res.height, data: decodeMask(res.mask, res.width, res.height, 255) };
  },
  reportSegmentError,
);

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
