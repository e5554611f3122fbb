import { runCommand } from '../commands/appCommands';
import { formatZoom } from '../canvas/viewport';
import type { Connection } from '../state/appSlice';
import { useStudio } from '../state/store';
import { computeLabel, computeNotes, installedModels } from './statusText';

const CONNECTION_LABEL: Record<Connection, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  restarted: 'Studio restarted — open its new link',
  closed: 'Disconnected',
};

const CONNECTION_DOT: Record<Connection, string> = {
  connecting: 'warn',
  open: 'ok',
  reconnecting: 'warn',
  restarted: 'error',
  closed: 'error',
};

export function StatusBar() {
  const connection = useStudio((s) => s.connection);
  const info = useStudio((s) => s.info);
  const host = useStudio((s) => s.hostStatus);
  const image = useStudio((s) => s.document.image);
  const scale = useStudio((s) => s.viewport.scale);
  const models = installedModels(info);
  return (
    <footer className="statusbar shell__status">
      <span className="statusbar__item" data-testid="connection">
        <span className={`dot dot--${CONNECTION_DOT[connection]}`} aria-hidden="true" />
        {CONNECTION_LABEL[connection]}
      </span>
      <span className="statusbar__item" title={computeNotes(info)}>
        {computeLabel(info, host)}
      </span>
      <span className="statusbar__item">
        {models ? (
          <button
            type="button"
            className="statusbar__link"
            data-testid="status-models"
            title="Open the model manager"
            onClick={() => void runCommand('models.openManager')}
          >
            Models: {models.join(', ')}
          </button>
        ) : (
          <button
            type="button"
            className="statusbar__link"
            onClick={() => void runCommand('models.openManager')}
          >
            No models installed — open the model manager
          </button>
        )}
      </span>
      <span className="statusbar__spacer" />
      {image && (
        <>
          <span className="statusbar__item">
            {image.width} × {image.height} px
          </span>
          <span className="statusbar__item">{formatZoom(scale)}</span>
        </>
      )}
      {info && <span className="statusbar__item">v{info.version}</span>}
    </footer>
  );
}
