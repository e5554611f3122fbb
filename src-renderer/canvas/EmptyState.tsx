import { runCommand } from '../commands/appCommands';
import { formatShortcut } from '../commands/shortcuts';
import { isMac } from '../commands/platform';

export function EmptyState() {
  return (
    <div className="empty-state">
      <div className="empty-state__card">
        <div className="empty-state__art" aria-hidden="true" />
        <h1 className="empty-state__title">Start from a still image</h1>
        <p className="empty-state__text">
          Open a PNG, JPEG or WebP picture, then pick the objects to move and draw their paths in depth.
        </p>
        <button
          type="button"
          className="btn btn--primary btn--large"
          onClick={() => void runCommand('file.openImage')}
        >
          Open image
        </button>
        <p className="empty-state__hint">
          or drop a file anywhere · <kbd>{formatShortcut('Mod+O', isMac)}</kbd>
        </p>
      </div>
    </div>
  );
}
