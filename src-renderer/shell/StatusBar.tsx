import { runCommand } from '../commands/appCommands';
import { useStudio } from '../state/store';
import type { Connection } from '../state/appSlice';

const CONNECTION_LABEL: Record<Connection, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

export function StatusBar() {
  const connection = useStudio((s) => s.connection);
  const info = useStudio((s) => s.info);
  const models: string[] = [];
  return (
    <footer className="statusbar shell__status">
      <span className="statusbar__item">
        <span
          className={`dot dot--${connection === 'open' ? 'ok' : connection === 'closed' ? 'error' : 'warn'}`}
        />
        {CONNECTION_LABEL[connection]}
      </span>
      <span className="statusbar__item">Compute: {info ? 'CPU' : '…'}</span>
      <span className="statusbar__item">
        {models.length === 0 ? (
          <button
            type="button"
            className="statusbar__link"
            onClick={() => void runCommand('models.openManager')}
          >
            No models installed — open the model manager
          </button>
        ) : (
          <>Models: {models.join(', ')}</>
        )}
      </span>
      <span className="statusbar__spacer" />
    </footer>
  );
}
