import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { isSavePurpose, type FileEntry } from '../../src-shared/files/ipc';
import { bridge } from '../bridge';
import { closeFileDialog, useFileDialog, type FileDialogRequest } from './fileDialogStore';
import './files.css';

/** The in-app picker, shown while the store holds a request (browser host only: Electron uses native dialogs). */
export function FileDialog() {
  const request = useFileDialog((s) => s.request);
  return request ? <Picker key={`${request.purpose}:${request.title}`} request={request} /> : null;
}

interface Listing {
  readonly dir: string;
  readonly parent: string | null;
  readonly entries: readonly FileEntry[];
  readonly truncated: boolean;
}

const SUFFIX: Partial<Record<string, string>> = { 'save-project': '.levitor' };

function Picker({ request }: { request: FileDialogRequest }) {
  const { purpose } = request;
  const saving = isSavePurpose(purpose);
  const [places, setPlaces] = useState<readonly { label: string; path: string }[]>([]);
  const [listing, setListing] = useState<Listing | null>(null);
  const [location, setLocation] = useState('');
  const [name, setName] = useState(request.suggestedName ?? '');
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [replace, setReplace] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  const go = useCallback(
    async (dir: string) => {
      try {
        const l = await bridge.api.files.list({ purpose, dir });
        setListing(l);
        setLocation(l.dir);
        setSelected(null);
        setError(null);
      } catch (e) {
        setError(messageOf(e));
      }
    },
    [purpose],
  );

  useEffect(() => {
    (saving ? nameRef.current : ref.current)?.focus();
    bridge.api.files
      .places({ purpose })
      .then((p) => {
        setPlaces(p.places);
        return go(p.start);
      })
      .catch((e: unknown) => setError(messageOf(e)));
  }, [purpose, saving, go]);

  const choose = async (entryName: string, confirmed = false) => {
    if (!listing || !entryName.trim()) return;
    const target = entryName.trim();
    const suffix = SUFFIX[purpose] ?? '';
    const full = suffix && !target.toLowerCase().endsWith(suffix) ? `${target}${suffix}` : target;
    if (saving && !confirmed && listing.entries.some((e) => e.kind === 'file' && e.name === full)) {
      setReplace(full);
      return;
    }
    setBusy(true);
    try {
      closeFileDialog(await bridge.api.files.choose({ purpose, dir: listing.dir, name: target }));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const onEntry = (e: FileEntry, double: boolean) => {
    const pickFolders = purpose === 'model-folder';
    if (e.kind === 'dir' && (!pickFolders || double)) return void go(`${listing?.dir}/${e.name}`);
    if (saving) setName(e.name.replace(/\.levitor$/i, ''));
    setSelected(e.name);
    if (double) void choose(e.name);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // A modal takes the keyboard: nothing behind it reacts, Escape closes it.
    e.stopPropagation();
    if (e.key === 'Escape') closeFileDialog(null);
  };

  const primary = saving ? 'Save' : purpose === 'model-folder' ? 'Choose folder' : 'Open';
  const canChoose = !busy && (saving ? name.trim() !== '' : selected !== null);
  return (
    <div
      className="palette-backdrop"
      onPointerDown={(e) => e.target === e.currentTarget && closeFileDialog(null)}
    >
      <div
        className="file-dialog"
        ref={ref}
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-label={request.title}
        data-testid="file-dialog"
        onKeyDown={onKeyDown}
      >
        <header className="project-dialog__header">
          <h2>{request.title}</h2>
          <button
            type="button"
            className="btn btn--ghost btn--icon"
            aria-label="Close"
            onClick={() => closeFileDialog(null)}
          >
            ×
          </button>
        </header>
        <form
          className="file-dialog__location"
          onSubmit={(e) => {
            e.preventDefault();
            void go(location);
          }}
        >
          <button
            type="button"
            className="btn btn--small"
            disabled={!listing?.parent}
            aria-label="Up one folder"
            onClick={() => listing?.parent && void go(listing.parent)}
          >
            ↑
          </button>
          <input
            aria-label="Folder"
            value={location}
            spellCheck={false}
            onChange={(e) => setLocation(e.target.value)}
          />
        </form>
        <div className="file-dialog__body">
          <nav className="file-dialog__places" aria-label="Places">
            {places.map((p) => (
              <button
                key={p.path}
                type="button"
                className={`file-dialog__place${listing?.dir === p.path ? ' is-current' : ''}`}
                title={p.path}
                onClick={() => void go(p.path)}
              >
                {p.label}
              </button>
            ))}
          </nav>
          <ul className="file-dialog__list" aria-label="Files" data-dir={listing?.dir}>
            {listing?.entries.length === 0 && (
              <li className="project-dialog__empty">Nothing here to choose.</li>
            )}
            {listing?.entries.map((e) => (
              <li key={e.name}>
                <button
                  type="button"
                  className={`file-dialog__entry${selected === e.name ? ' is-selected' : ''}`}
                  aria-label={`${e.kind === 'dir' ? 'Folder' : 'File'} ${e.name}`}
                  onClick={() => onEntry(e, false)}
                  onDoubleClick={() => onEntry(e, true)}
                >
                  <EntryIcon kind={e.kind} />
                  <span className="file-dialog__name">{e.name}</span>
                  {e.bytes !== undefined && <span className="file-dialog__meta">{formatBytes(e.bytes)}</span>}
                </button>
              </li>
            ))}
            {listing?.truncated && <li className="project-dialog__empty">More entries are not shown.</li>}
          </ul>
        </div>
        {saving && (
          <label className="file-dialog__name-row">
            <span>Name</span>
            <input
              ref={nameRef}
              aria-label="File name"
              value={name}
              spellCheck={false}
              onChange={(e) => {
                setName(e.target.value);
                setReplace(null);
              }}
              onKeyDown={(e) => e.key === 'Enter' && canChoose && void choose(name)}
            />
            {SUFFIX[purpose] && <span className="file-dialog__suffix">{SUFFIX[purpose]}</span>}
          </label>
        )}
        {error && (
          <p className="file-dialog__error" role="alert">
            {error}
          </p>
        )}
        {replace && (
          <p className="file-dialog__error" role="alert">
            “{replace}” already exists. Replace it?{' '}
            <button type="button" className="btn btn--small" onClick={() => void choose(name, true)}>
              Replace
            </button>
          </p>
        )}
        <footer className="file-dialog__actions">
          {request.alternative && (
            <button
              type="button"
              className="btn"
              onClick={() => {
                closeFileDialog(null);
                request.alternative?.run();
              }}
            >
              {request.alternative.label}
            </button>
          )}
          <span className="file-dialog__spacer" />
          <button type="button" className="btn" onClick={() => closeFileDialog(null)}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn--primary"
            disabled={!canChoose}
            onClick={() => void choose(saving ? name : (selected ?? ''))}
          >
            {primary}
          </button>
        </footer>
      </div>
    </div>
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 2 ** 20) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 2 ** 20).toFixed(1)} MB`;
}

/** The host's message says what happened and what to do (services/files); shown as it is. */
function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Folder / file glyphs drawn inline (no icon font, no emoji font needed). */
function EntryIcon({ kind }: { kind: 'dir' | 'file' }) {
  return (
    <svg className="file-dialog__icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      {kind === 'dir' ? (
        <path d="M1.5 3.5h4.5l1.5 1.5h7v8.5h-13z" fill="currentColor" opacity="0.75" />
      ) : (
        <path d="M3.5 1.5h6l3 3v10h-9z M9.5 1.5v3h3" fill="none" stroke="currentColor" />
      )}
    </svg>
  );
}
