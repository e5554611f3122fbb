import { useEffect, useState } from 'react';
import { HOST_GONE_ADVICE, HOST_RESTARTED_ADVICE } from '../io/errorMessages';
import { useStudio } from '../state/store';
import './hostRestarted.css';

/** How long "Reconnecting…" may last before the page says the host may have stopped or restarted. */
const GONE_AFTER_MS = 10_000;

/**
 * The browser host restarted under this page: it refuses the old link for good, so instead of
 * "Reconnecting…" for ever the page says what happened and how to go on. A host restarted on another
 * port (the default: any free port) looks like one that is down, so a long wait says so too. Stays in
 * view (as a bar once acknowledged) because every action now fails.
 */
export function HostRestarted() {
  const connection = useStudio((s) => s.connection);
  const restarted = connection === 'restarted';
  const [seen, setSeen] = useState(false);
  const [longGone, setLongGone] = useState(false);
  useEffect(() => {
    if (connection !== 'reconnecting') return;
    const t = setTimeout(() => setLongGone(true), GONE_AFTER_MS);
    return () => {
      clearTimeout(t);
      setLongGone(false);
    };
  }, [connection]);
  if (!restarted && !longGone) return null;
  return (
    <div
      className={seen ? 'host-restarted host-restarted--bar' : 'host-restarted'}
      role="alert"
      data-testid="host-restarted"
    >
      <strong>{restarted ? 'The studio restarted.' : 'The studio is not answering.'}</strong>{' '}
      {restarted ? HOST_RESTARTED_ADVICE : HOST_GONE_ADVICE}
      {!seen && (
        <button type="button" className="btn btn--small" onClick={() => setSeen(true)}>
          OK
        </button>
      )}
    </div>
  );
}
