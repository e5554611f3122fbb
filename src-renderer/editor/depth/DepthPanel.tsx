import { runCommand } from '../../commands/appCommands';
import { isMac } from '../../commands/platform';
import { formatShortcut } from '../../commands/shortcuts';
import { PanelSection, PropertyRow } from '../../panels/Panel';
import { studioStore, useStudio } from '../../state/store';
import { Tool } from '../../state/uiSlice';
import { DEPTH_BRUSH_MODES, depthUi, useDepthUi } from './depthUi';

const MODE_LABEL = { raise: 'Raise', lower: 'Lower', smooth: 'Smooth', flatten: 'Flatten' } as const;
const MODE_TITLE = {
  raise: 'Bring nearer (R)',
  lower: 'Push farther (L)',
  smooth: 'Soften depth edges (M)',
  flatten: 'Level to the depth where the stroke starts (E)',
} as const;

/**
 * Depth in the settings panel: estimation state, the overlay switch and opacity, and (with the depth
 * brush) its mode, size and strength, plus resetting the painted depth.
 */
export function DepthPanel() {
  const image = useStudio((s) => s.document.image);
  const state = useStudio((s) => s.depthState);
  const painted = useStudio((s) => s.document.depthEdit !== null);
  const brush = useStudio((s) => s.tool === Tool.DepthBrush);
  const overlay = useDepthUi((s) => s.overlay);
  const opacity = useDepthUi((s) => s.opacity);
  const error = useDepthUi((s) => s.error);
  const missingModel = useDepthUi((s) => s.missingModel && s.error !== null);
  if (!image) return null;
  const key = (k: string) => formatShortcut(k, isMac);
  const status =
    state === 'running'
      ? 'Estimating…'
      : state === 'failed'
        ? (error ?? 'Unavailable')
        : painted
          ? 'Estimated, painted'
          : state === 'done'
            ? 'Estimated'
            : 'None yet';
  return (
    <PanelSection title="Depth">
      <PropertyRow label="Depth map">
        <span data-testid="depth-status">{status}</span>
      </PropertyRow>
      {missingModel && (
        <div className="panel-note" data-testid="depth-missing-model">
          <p className="muted">
            Depth orders the objects in 3D and drives the overlay and brush. Until a depth model is installed,
            a new path point keeps the depth of the point before it.
          </p>
          <button type="button" className="btn" onClick={() => void runCommand('models.openManager')}>
            Install a depth model…
          </button>
        </div>
      )}
      <label className="traj-check" title={`Show the depth overlay (${key('Shift+D')})`}>
        <input
          type="checkbox"
          checked={overlay}
          data-testid="depth-overlay-toggle"
          onChange={() => void runCommand('depth.toggleOverlay')}
        />
        Overlay <span className="muted">(near = warm)</span>
      </label>
      <label className="traj-range">
        Opacity
        <input
          type="range"
          min={0}
          max={100}
          value={Math.round(opacity * 100)}
          data-testid="depth-opacity"
          onChange={(e) => depthUi.setState({ opacity: Number(e.target.value) / 100 })}
        />
        <span className="tool-options__value">{Math.round(opacity * 100)}%</span>
      </label>
      {brush && <BrushOptions />}
      {painted && (
        <div className="button-row">
          <button
            type="button"
            className="btn"
            title="Back to the estimated depth (undoable)"
            onClick={() => studioStore.getState().updateDocument((d) => ({ ...d, depthEdit: null }))}
          >
            Reset painted depth
          </button>
        </div>
      )}
    </PanelSection>
  );
}

function BrushOptions() {
  const mode = useDepthUi((s) => s.mode);
  const size = useDepthUi((s) => s.size);
  const strength = useDepthUi((s) => s.strength);
  return (
    <>
      <span className="segmented traj-modes" role="radiogroup" aria-label="Depth brush mode">
        {DEPTH_BRUSH_MODES.map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={mode === m}
            className={`segmented__item${mode === m ? ' is-active' : ''}`}
            title={MODE_TITLE[m]}
            onClick={() => depthUi.setState({ mode: m })}
          >
            {MODE_LABEL[m]}
          </button>
        ))}
      </span>
      <label className="traj-range" title="Brush size ({ and })">
        Size
        <input
          type="range"
          min={8}
          max={384}
          value={size}
          onChange={(e) => depthUi.setState({ size: Number(e.target.value) })}
        />
        <span className="tool-options__value">{size}px</span>
      </label>
      <label className="traj-range">
        Strength
        <input
          type="range"
          min={5}
          max={100}
          value={Math.round(strength * 100)}
          onChange={(e) => depthUi.setState({ strength: Number(e.target.value) / 100 })}
        />
        <span className="tool-options__value">{Math.round(strength * 100)}%</span>
      </label>
    </>
  );
}
