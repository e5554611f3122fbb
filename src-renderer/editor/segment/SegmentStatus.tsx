import { useStudio } from '../../state/store';
import { Tool } from '../../state/uiSlice';
import { useSegmentUi } from './segmentUi';

/**
 * Says, over the canvas, that click-to-segment waits for the image's embedding (still being computed): the
 * click is kept and lands as soon as it exists. The mask's own wait shows as "Segmenting…" in the tool
 * options; nothing here once the embedding exists.
 */
export function SegmentStatus() {
  const imageId = useStudio((s) => s.document.image?.imageId);
  const segmentTool = useStudio((s) => s.tool === Tool.Segment);
  const encoding = useSegmentUi((s) => s.encoding !== null && s.encoding === imageId);
  const pending = useSegmentUi((s) => s.pending !== null);
  const state = encoding
    ? pending
      ? 'encoding'
      : segmentTool
        ? 'preparing'
        : null
    : pending
      ? 'segmenting'
      : null;
  if (!state) return null;
  return (
    <div
      className="segment-status"
      role="status"
      aria-live="polite"
      data-testid="segment-status"
      data-state={state}
    >
      <span className="spinner" aria-hidden="true" />
      {state === 'encoding' && (
        <span>
          <strong>Still reading the image.</strong> Your click is kept; its mask appears as soon as the image
          is ready for segmenting.
        </span>
      )}
      {state === 'preparing' && <span>Reading the image for click-to-segment…</span>}
    </div>
  );
}
