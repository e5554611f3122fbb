import { runCommand } from '../commands/appCommands';
import { isMac } from '../commands/platform';
import { formatShortcut } from '../commands/shortcuts';
import { formatZoom } from '../canvas/viewport';
import { isDirty } from '../project/projectSlice';
import { useStudio } from '../state/store';
import { MenuBar } from './MenuBar';

export function TopBar() {
  const image = useStudio((s) => s.document.image);
  const scale = useStudio((s) => s.viewport.scale);
  const dirty = useStudio(isDirty);
  const projectName = useStudio((s) => s.project.name);
  return (
    <header className="topbar shell__top">
      <div className="topbar__brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="topbar__name">LeviTor Studio</span>
      </div>
      <MenuBar />
      <div className="topbar__doc" aria-live="polite">
        {image ? (
          <>
            {dirty && (
              <span className="topbar__dirty" title="Unsaved changes" data-testid="dirty-marker">
                •
              </span>
            )}
            <span className="topbar__doc-name">{projectName || image.name}</span>
            <span className="muted">
              {image.width} × {image.height}
            </span>
          </>
        ) : (
          <span className="muted">No image</span>
        )}
      </div>
      <div className="zoom-controls" role="group" aria-label="Zoom">
        <button
          type="button"
          className="btn btn--ghost btn--icon"
          disabled={!image}
          aria-label="Zoom out"
          onClick={() => void runCommand('view.zoomOut')}
        >
          −
        </button>
        <button
          type="button"
          className="btn btn--ghost zoom-controls__value"
          disabled={!image}
          title={`Actual size (${formatShortcut('1', isMac)})`}
          onClick={() => void runCommand('view.actualSize')}
        >
          {image ? formatZoom(scale) : '—'}
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--icon"
          disabled={!image}
          aria-label="Zoom in"
          onClick={() => void runCommand('view.zoomIn')}
        >
          +
        </button>
        <button
          type="button"
          className="btn"
          disabled={!image}
          title={`Fit to view (${formatShortcut('F', isMac)})`}
          onClick={() => void runCommand('view.fit')}
        >
          Fit
        </button>
      </div>
      <button
        type="button"
        className="btn btn--ghost topbar__palette"
        onClick={() => void runCommand('app.commandPalette')}
      >
        Commands <kbd>{formatShortcut('Mod+K', isMac)}</kbd>
      </button>
    </header>
  );
}
