import { useEffect, useState } from 'react';
import { bridge } from '../bridge';
import { studioStore } from '../state/store';
import { recoverProject } from './actions';
import { DialogFrame } from './DialogFrame';
import { openSampleOnFirstRun } from './lifecycle';

interface Recovery {
  readonly id: string;
  readonly projectPath: string | null;
  readonly name: string;
  readonly savedAt: string;
}

/** After a crash or kill: the autosaved copies newer than their files, each to recover or discard. */
export function RecoveryDialog() {
  const [items, setItems] = useState<readonly Recovery[] | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    bridge.api.project
      .recoverList({})
      .then(setItems)
      .catch(() => setItems([]));
  }, []);
  const close = () => {
    studioStore.getState().setProjectDialog(null);
    // Nothing recovered and nothing open: a first run still shows the sample.
    if (!studioStore.getState().document.image) void openSampleOnFirstRun().catch(() => undefined);
  };
  const discard = async (r: Recovery) => {
    setBusy(true);
    await bridge.api.project.discardRecovery({ id: r.id }).catch(() => undefined);
    const rest = (items ?? []).filter((x) => x.id !== r.id);
    setItems(rest);
    setBusy(false);
    if (rest.length === 0) close();
  };
  const recover = async (r: Recovery) => {
    setBusy(true);
    const ok = await recoverProject(r.id, r.name);
    setBusy(false);
    if (ok) studioStore.getState().setProjectDialog(null);
  };
  return (
    <DialogFrame title="Recover unsaved work" onClose={close} testId="recovery-dialog">
      <p className="project-dialog__intro">
        The studio closed with unsaved changes. Recover a project to continue where you left off, or discard
        the copy.
      </p>
      {items?.length === 0 && <p className="project-dialog__empty">Nothing to recover.</p>}
      <ul className="project-dialog__list">
        {items?.map((r) => (
          <li key={r.id} className="project-dialog__item">
            <div className="project-dialog__text">
              <span className="project-dialog__name">{r.name || 'Untitled'}</span>
              <span className="project-dialog__meta">
                {r.projectPath ?? 'never saved'} · autosaved {new Date(r.savedAt).toLocaleString()}
              </span>
            </div>
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy}
              onClick={() => void recover(r)}
            >
              Recover
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => void discard(r)}>
              Discard
            </button>
          </li>
        ))}
      </ul>
    </DialogFrame>
  );
}
