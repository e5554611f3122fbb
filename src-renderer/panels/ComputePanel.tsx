import { useEffect, useState } from 'react';
import type { ComputeMode, ComputeView, ConnectionCheck } from '../../src-shared/compute/ipc';
import { bridge } from '../bridge';
import { PanelSection } from './Panel';
import { parseHeaderLines } from './computeHeaders';

const MODES: { mode: ComputeMode; label: string; help: string }[] = [
  { mode: 'local', label: 'Local', help: 'Generations run on this computer.' },
  {
    mode: 'triton',
    label: 'Triton server',
    help: 'Generations run on a GPU server (NVIDIA Triton) that serves the same video pack.',
  },
];

/**
 * Settings -> Compute: where generations run. Header values (tokens) go to main and never come back:
 * the box starts empty and shows the saved header names; leaving it empty keeps them.
 */
export function ComputePanel() {
  const api = () => bridge.api.compute;
  const [saved, setSaved] = useState<ComputeView | null>(null);
  const [mode, setMode] = useState<ComputeMode>('local');
  const [url, setUrl] = useState('');
  const [headerText, setHeaderText] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api()
      .get({})
      .then((v) => {
        setSaved(v);
        setMode(v.mode);
        setUrl(v.url);
      })
      .catch(() => undefined);
  }, []);

  const form = (): { url: string; headers?: Record<string, string> } | null => {
    const parsed = parseHeaderLines(headerText);
    if ('error' in parsed) {
      setStatus({ ok: false, text: parsed.error });
      return null;
    }
    return headerText.trim() ? { url, headers: parsed.headers } : { url };
  };
  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    try {
      await what();
    } catch (e) {
      setStatus({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(async () => {
      const f = form();
      if (!f) return;
      const v = await api().set({ ...f, mode });
      setSaved(v);
      setHeaderText('');
      setStatus({
        ok: true,
        text: mode === 'local' ? 'Generations run here.' : `Generations go to ${v.url}.`,
      });
    });
  const test = () =>
    run(async () => {
      const f = form();
      if (!f) return;
      setStatus({ ok: true, text: 'Testing…' });
      const r: ConnectionCheck = await api().test(f);
      setStatus({ ok: r.ok, text: r.message });
    });

  const kept = saved?.headerNames.length
    ? `Saved: ${saved.headerNames.join(', ')}${saved.headersKept === 'session' ? ' (this session only)' : ''}. Leave empty to keep.`
    : 'Authorization: Bearer …';
  return (
    <PanelSection title="Compute">
      <div className="segmented" role="radiogroup" aria-label="Compute">
        {MODES.map((m) => (
          <button
            key={m.mode}
            type="button"
            role="radio"
            aria-checked={mode === m.mode}
            className={`btn segmented__item${mode === m.mode ? ' is-active' : ''}`}
            title={m.help}
            data-testid={`compute-${m.mode}`}
            onClick={() => setMode(m.mode)}
          >
            {m.label}
          </button>
        ))}
      </div>
      {mode === 'triton' && (
        <>
          <label className="gen-field">
            <span className="gen-field__label">Server</span>
            <input
              className="gen-input"
              data-testid="compute-url"
              placeholder="grpc://gpu-box:8001 or https://triton.example.com"
              value={url}
              spellCheck={false}
              onChange={(e) => setUrl(e.target.value)}
            />
          </label>
          <label className="gen-field">
            <span className="gen-field__label">Headers</span>
            <textarea
              className="gen-input"
              data-testid="compute-headers"
              rows={2}
              placeholder={kept}
              value={headerText}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setHeaderText(e.target.value)}
            />
          </label>
        </>
      )}
      <div className="button-row">
        {mode === 'triton' && (
          <button type="button" className="btn" disabled={busy || !url.trim()} onClick={() => void test()}>
            Test connection
          </button>
        )}
        <button
          type="button"
          className="btn"
          disabled={busy}
          data-testid="compute-save"
          onClick={() => void save()}
        >
          Save
        </button>
      </div>
      {status && (
        <p
          className={`panel-note ${status.ok ? 'muted' : 'panel-note--error'}`}
          role="status"
          data-testid="compute-status"
        >
          {status.text}
        </p>
      )}
    </PanelSection>
  );
}
