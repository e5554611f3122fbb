import { useEffect, useState } from 'react';
import { bridge } from '../bridge';
import { studioStore } from '../state/store';
import { openProjectHandle } from './actions';
import { DialogFrame } from './DialogFrame';

interface Recent {
  readonly path: string;
  readonly openedAt: string;
  /** Issued by main for this list: opening goes by handle, never by path. */
  readonly handle: string;
}

/** Recent projects, newest first; choosing one opens it (asking first if there are unsaved changes). */
export function RecentDialog() {
  const [items, setItems] = useState<readonly Recent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    bridge.api.project
      .recent({})
      .then(setItems)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  const close = () => studioStore.getState().setProjectDialog(null);
  return (
    <DialogFrame title="Recent projects" onClose={close}>
      {error && <p className="project-dialog__empty">{error}</p>}
      {items?.length === 0 && <p className="project-dialog__empty">No recent projects yet.</p>}
      <ul className="project-dialog__list">
        {items?.map((r) => (
          <li key={r.path}>
            <button
              type="button"
              className="project-dialog__row"
              onClick={() => {
                close();
                void openProjectHandle({
                  handle: r.handle,
                  path: r.path,
                  name: r.path.split(/[\\/]/).pop() ?? r.path,
                });
              }}
            >
              <span className="project-dialog__name">{r.path.split(/[\\/]/).pop()}</span>
              <span className="project-dialog__meta">
                {r.path} · opened {new Date(r.openedAt).toLocaleString()}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </DialogFrame>
  );
}
