import { useState } from 'react';
import type { TokenStatus } from '../../../src-shared/models/ipc';

/** Where the token main keeps comes from, in words. */
export function tokenStatusText(t: TokenStatus | null): string {
  if (!t) return '';
  switch (t.source) {
    case 'saved':
      return "Token saved, encrypted with this system's protected storage.";
    case 'env':
      return `Token taken from the HF_TOKEN environment variable${t.note ? ` (${t.note})` : ''}.`;
    case 'session':
      return `Token entered: ${t.note ?? 'kept for this session only'}.`;
    case 'none':
      return t.canPersist
        ? "No token yet. It is saved encrypted with this system's protected storage."
        : `No token yet. ${t.note ? `It will be ${t.note}.` : ''}`;
  }
}

/**
 * The Hugging Face token: typed here once and handed to main, which keeps it (encrypted in the app, in
 * memory elsewhere) and sends it only to the hub. The field empties after saving; main never sends it back.
 */
export function TokenField({
  status,
  onSave,
}: {
  status: TokenStatus | null;
  onSave: (token: string | null) => Promise<void>;
}) {
  const [value, setValue] = useState('');
  const save = async () => {
    if (!value.trim()) return;
    await onSave(value.trim());
    setValue('');
  };
  return (
    <div className="token-field">
      <form
        className="token-field__row"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="token-field__label" htmlFor="hf-token">
          Hugging Face token
        </label>
        <input
          id="hf-token"
          type="password"
          value={value}
          placeholder={status?.present ? 'replace the token' : 'hf_…'}
          onChange={(e) => setValue(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className="btn btn--small" disabled={!value.trim()}>
          Save token
        </button>
        {status?.present && status.source !== 'env' && (
          <button type="button" className="btn btn--small btn--ghost" onClick={() => void onSave(null)}>
            Forget
          </button>
        )}
      </form>
      <p className="muted token-field__status" data-testid="token-status">
        {tokenStatusText(status)}
      </p>
    </div>
  );
}
