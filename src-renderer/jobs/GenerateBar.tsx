import { formatShortcut } from '../commands/shortcuts';
import { isMac } from '../commands/platform';
import { FrameWarning } from '../editor/framing/FrameWarning';
import { useStudio } from '../state/store';
import { generate } from './generate';

/**
 * Generate, pinned to the bottom of the settings panel so it stays in reach while the settings above it
 * are changed, with the size of what it will make and, before it is pressed, what the frame leaves out.
 */
export function GenerateBar() {
  const hasImage = useStudio((s) => s.document.image !== null);
  const s = useStudio((st) => st.document.settings);
  return (
    <div className="gen-bar">
      <FrameWarning testId="frame-warning-generate" compact />
      <button
        type="button"
        className="btn btn--primary gen-generate"
        disabled={!hasImage}
        onClick={() => void generate()}
        data-testid="generate"
        title={`Generate a take (${formatShortcut('Mod+Enter', isMac)})`}
      >
        Generate
      </button>
      <span className="muted gen-bar__summary">
        {hasImage
          ? `${s.frames} frames · ${s.resolution.replace('x', '×')} · ${s.steps} steps`
          : 'Open an image to generate.'}
      </span>
    </div>
  );
}
