import type { PickedFile } from '../../src-shared/files/ipc';
import { bridge } from '../bridge';
import { StudioError, TransportErrorCode } from '../bridge/errors';
import { pickFile, stemOf } from '../files/pickFile';
import { fileBytes } from '../bridge/upload';
import { studioStore } from '../state/store';
import { confirmDiscardChanges } from './confirm';
import { describeProjectError } from './errors';
import { clickProjectFileInput } from './projectFileInput';
import { openWith, saveProject } from './session';

function report(err: unknown, action: string): void {
  studioStore.getState().pushNotice({ level: 'error', ...describeProjectError(err, action) });
}

/** Opens a project with a progress label; a refused file leaves the current document untouched. */
async function open(label: string, load: Parameters<typeof openWith>[0]): Promise<void> {
  const { setTask } = studioStore.getState();
  setTask({ label: `Opening ${label}`, fraction: null });
  try {
    await openWith(load);
  } catch (err) {
    report(err, `Could not open ${label}`);
  } finally {
    setTask(null);
  }
}

/**
 * Open project: main's dialog (native in Electron, the in-app picker in the browser host, which also
 * offers the browser's own file chooser for a file elsewhere).
 */
export async function chooseProjectFile(): Promise<void> {
  if (!confirmDiscardChanges()) return;
  const file = await pickFile({
    purpose: 'open-project',
    title: 'Open project',
    ...(bridge.kind === 'web'
      ? { alternative: { label: 'Upload a file…', run: () => clickProjectFileInput() } }
      : {}),
  });
  if (file) await openProjectHandle(file, false);
}

/** A project main issued a handle for (a dialog, the recent list). */
export async function openProjectHandle(file: PickedFile, ask = true): Promise<void> {
  if (ask && !confirmDiscardChanges()) return;
  await open(file.name, () => bridge.api.project.open({ handle: file.handle }));
}

/** A .levitor file chosen in the browser: its bytes go to the host, which checks them like a path. */
export async function openProjectFile(file: File): Promise<void> {
  await open(file.name, async () => {
    // Sent a piece at a time with progress (bridge/upload.ts); main checks the bytes like a file.
    const { setTask } = studioStore.getState();
    const data = await fileBytes(file, (sent, total) =>
      setTask({ label: `Reading ${file.name}`, fraction: total ? sent / total : 1 }),
    );
    setTask({ label: `Opening ${file.name}`, fraction: null });
    return bridge.api.project.openBytes({ name: file.name, ...data });
  });
}

export async function openSampleProject(): Promise<void> {
  if (!confirmDiscardChanges()) return;
  await open('the sample project', () => bridge.api.project.openSample({}));
}

export async function recoverProject(id: string, name: string): Promise<boolean> {
  try {
    await openWith(() => bridge.api.project.recover({ id }));
    return true;
  } catch (err) {
    report(err, `Could not recover ${name}`);
    return false;
  }
}

async function save(target: PickedFile | null): Promise<void> {
  const { setTask, pushNotice, connection } = studioStore.getState();
  if (connection !== 'open') {
    // A request now would wait for a host that may never come back: say so at once, never fail silently.
    const code =
      connection === 'restarted' ? TransportErrorCode.HostRestarted : TransportErrorCode.ConnectionLost;
    return report(new StudioError(code, 'The studio host is not connected.'), 'Could not save the project');
  }
  setTask({ label: 'Saving the project', fraction: null });
  try {
    const saved = await saveProject(target);
    pushNotice({ level: 'success', title: `Saved ${saved.split(/[\\/]/).pop() ?? saved}` });
  } catch (err) {
    report(err, 'Could not save the project');
  } finally {
    setTask(null);
  }
}

export async function saveCurrent(): Promise<void> {
  if (!studioStore.getState().project.path) return saveCurrentAs();
  return save(null);
}

/** Save As: main's dialog (native in Electron, the in-app picker in the browser host). */
export async function saveCurrentAs(): Promise<void> {
  const { project, document } = studioStore.getState();
  const name = stemOf(project.name || document.image?.name || 'Untitled');
  let file: PickedFile | null;
  try {
    file = await pickFile({ purpose: 'save-project', title: 'Save project as', suggestedName: name });
  } catch (err) {
    return report(err, 'Could not save the project');
  }
  if (file) await save(file);
}
