import { useEffect, useSyncExternalStore } from 'react';
import { bridge } from '../bridge';
import { ModelsPanel } from '../panels/models/ModelsPanel';
import { studioStore } from '../state/store';
import { Modal } from './modal/Modal';
import './modelsDialog.css';

/**
 * The model manager as a modal, opened by the 'models.openManager' command (status bar models indicator,
 * command palette). Its open flag lives here, not in the studio store: nothing else reads it.
 */
let open = false;
const listeners = new Set<() => void>();
const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => void listeners.delete(fn);
};

export function setModelsDialogOpen(next: boolean): void {
  if (open === next) return;
  open = next;
  for (const fn of listeners) fn();
}

/** AppInfo.models feeds the status bar; re-read it when installs finish and when the dialog closes. */
function refreshInfo(): void {
  bridge.api.app
    .getInfo({})
    .then((info) => studioStore.getState().setInfo(info))
    .catch(() => undefined);
}

export function ModelsDialog() {
  const isOpen = useSyncExternalStore(subscribe, () => open);
  useEffect(() => {
    if (!isOpen) return undefined;
    const off = bridge.api.on('models:progress', (p) => p.done && refreshInfo());
    return () => {
      off();
      refreshInfo();
    };
  }, [isOpen]);
  if (!isOpen) return null;
  return (
    <Modal
      title="Models"
      className="models-dialog"
      testId="models-dialog"
      onClose={() => setModelsDialogOpen(false)}
    >
      <ModelsPanel onChanged={refreshInfo} />
    </Modal>
  );
}
