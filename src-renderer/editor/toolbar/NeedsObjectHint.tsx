import { useEffect } from 'react';
import { isMac } from '../../commands/platform';
import { formatShortcut } from '../../commands/shortcuts';
import { useStudio } from '../../state/store';
import { addObjectFromHint, dismissObjectHint } from '../objects/objectOps';
import { useSegmentUi } from '../segment/segmentUi';

/**
 * No dead ends: a click with the segment tool or the brush and no object to edit explains what to do
 * and offers to create the object right here. Goes away once an object is selected or the tool changes.
 */
export function NeedsObjectHint() {
  const needed = useSegmentUi((s) => s.needsObject);
  const selection = useStudio((s) => s.selection);
  const tool = useStudio((s) => s.tool);
  const hasObjects = useStudio((s) => s.document.objects.length > 0);
  useEffect(() => dismissObjectHint(), [selection, tool]);
  if (!needed) return null;
  // Says why the click did nothing and what the button does; the title already says what to do.
  const what = tool === 'maskBrush' ? 'The brush paints' : 'A click segments';
  const why = hasObjects
    ? `${what} the selected object, and none is selected. Select one in the Objects list, or add one:`
    : `${what} the selected object, and there is none yet.`;
  return (
    <div className="needs-object" role="alert" data-testid="needs-object">
      <p className="needs-object__title">{hasObjects ? 'Pick an object to edit' : 'Add an object first'}</p>
      <p className="muted">
        {why} Add object ({formatShortcut('N', isMac)}) makes one and applies your{' '}
        {tool === 'maskBrush' ? 'stroke' : 'click'} to it.
      </p>
      <div className="needs-object__actions">
        <button type="button" className="btn btn--primary" onClick={addObjectFromHint}>
          Add object
        </button>
        <button type="button" className="btn btn--ghost" onClick={dismissObjectHint}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
