import { runCommand } from '../../commands/appCommands';
import { isMac } from '../../commands/platform';
import { formatShortcut } from '../../commands/shortcuts';
import { useStudio } from '../../state/store';
import { Tool } from '../../state/uiSlice';
import { selectedObject } from '../objects/objectOps';
import { BRUSH_SIZES, segmentUi, useSegmentUi } from '../segment/segmentUi';
import { toolInfo } from './toolInfo';

const key = (s: string) => formatShortcut(s, isMac);

/**
 * The strip under the canvas: which object the tool edits, how to use the tool, its options (brush size
 * and mode), the busy state of a segmentation click and the automatic-segments switch.
 */
export function ToolOptions() {
  const tool = useStudio((s) => s.tool);
  const hasImage = useStudio((s) => s.document.image !== null);
  const obj = useStudio((s) => selectedObject(s));
  const busy = useSegmentUi((s) => s.busy);
  const encoding = useSegmentUi((s) => s.encoding !== null);
  if (!hasImage) return null;
  const editing = tool === Tool.Segment || tool === Tool.MaskBrush;
  return (
    <div className="tool-options" role="group" aria-label="Tool options" data-testid="tool-options">
      <span className="tool-options__tool">{toolInfo(tool).label}</span>
      {editing && (
        <span className="tool-options__target" data-testid="tool-target">
          {obj ? (
            <>
              <span className="swatch" style={{ background: obj.colour }} aria-hidden="true" />
              {obj.name}
              {obj.locked && <span className="muted"> (locked)</span>}
            </>
          ) : (
            <button type="button" className="btn btn--ghost" onClick={() => void runCommand('object.add')}>
              No object — add one ({key('N')})
            </button>
          )}
        </span>
      )}
      <span className="tool-options__hint muted" title={toolInfo(tool).hint}>
        {toolInfo(tool).hint}
      </span>
      {tool === Tool.MaskBrush && <BrushOptions />}
      {tool === Tool.Segment && obj && !obj.locked && (obj.prompts.points.length > 0 || obj.prompts.box) && (
        <button
          type="button"
          className="btn btn--ghost"
          title="Remove this object's clicks, box and mask"
          onClick={() => void runCommand('segment.clearPrompts')}
        >
          Clear clicks
        </button>
      )}
      {tool === Tool.Segment && busy && (
        <span className="tool-options__busy" role="status" data-testid="segment-busy">
          <span className="spinner" aria-hidden="true" />{' '}
          {encoding ? 'Waiting for the image…' : 'Segmenting…'}
        </span>
      )}
      <AutoSegmentsToggle />
    </div>
  );
}

function BrushOptions() {
  const mode = useSegmentUi((s) => s.brushMode);
  const size = useSegmentUi((s) => s.brushSize);
  const index = Math.max(0, BRUSH_SIZES.indexOf(size as (typeof BRUSH_SIZES)[number]));
  return (
    <>
      <span className="segmented" role="radiogroup" aria-label="Brush mode">
        {(['add', 'erase'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={mode === m}
            className={`segmented__item${mode === m ? ' is-active' : ''}`}
            title={`${m === 'add' ? 'Add to' : 'Erase from'} the mask (${key('X')} switches)`}
            onClick={() => segmentUi.setState({ brushMode: m })}
          >
            {m === 'add' ? 'Add' : 'Erase'}
          </button>
        ))}
      </span>
      <label className="tool-options__size" title={`Brush size (${key('[')} / ${key(']')})`}>
        Size
        <input
          type="range"
          min={0}
          max={BRUSH_SIZES.length - 1}
          value={index}
          aria-valuetext={`${size} px`}
          onChange={(e) => segmentUi.setState({ brushSize: BRUSH_SIZES[Number(e.target.value)] ?? size })}
        />
        <span className="tool-options__value">{size}px</span>
      </label>
    </>
  );
}

function AutoSegmentsToggle() {
  const state = useStudio((s) => s.autoSegmentsState);
  const count = useStudio((s) => s.autoSegments.length);
  const shown = useSegmentUi((s) => s.showAutoSegments);
  const error = useSegmentUi((s) => s.autoError);
  const label =
    state === 'running'
      ? 'Finding segments…'
      : state === 'failed'
        ? 'No segments'
        : state === 'skipped'
          ? 'Segments skipped'
          : `Segments (${count})`;
  const title =
    state === 'failed'
      ? (error ?? 'Automatic segments failed')
      : state === 'skipped'
        ? 'Automatic segments are skipped for this image: the control signal uses your objects only'
        : `Show the automatic scene segments (${key('G')}); with the Select tool, click one to add it as a static object`;
  // Running or found: skip them for this image; skipped or failed: find them now.
  const action =
    state === 'running' || state === 'done'
      ? {
          command: 'segment.autoSkip',
          text: 'Skip',
          title:
            state === 'running'
              ? 'Stop finding segments for this image and go without them: the control signal uses your objects only'
              : 'Go without the automatic segments for this image: the control signal uses your objects only',
        }
      : state === 'skipped' || state === 'failed'
        ? {
            command: 'segment.autoFind',
            text: 'Find',
            title: 'Find the automatic scene segments for this image now',
          }
        : null;
  return (
    <>
      <button
        type="button"
        className={`btn btn--ghost tool-options__segments${shown ? ' is-active' : ''}`}
        aria-pressed={shown}
        disabled={count === 0}
        title={title}
        data-testid="auto-segments-toggle"
        onClick={() => void runCommand('view.autoSegments')}
      >
        {label}
      </button>
      {action && (
        <button
          type="button"
          className="btn btn--ghost"
          title={action.title}
          data-testid="auto-segments-action"
          onClick={() => void runCommand(action.command)}
        >
          {action.text}
        </button>
      )}
    </>
  );
}
