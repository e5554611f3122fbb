import { bridge } from '../bridge';
import { readFileAsBase64 } from '../io/readFile';
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

/** Open project: the native dialog in Electron, the page's file input in the browser host. */
export async function chooseProjectFile(): Promise<void> {
  if (!confirmDiscardChanges()) return;
  if (bridge.kind === 'web') {
    clickProjectFileInput(); // synchronously, inside the user's gesture
    return;
  }
  const picked = await bridge.api.project.pickPath({ mode: 'open' });
  if (picked.kind === 'picked') await openProjectPath(picked.path, false);
  else if (picked.kind === 'unavailable') clickProjectFileInput();
}

export async function openProjectPath(path: string, ask = true): Promise<void> {
  if (ask && !confirmDiscardChanges()) return;
  await open(path.split(/[\\/]/).pop() ?? path, () => bridge.api.project.open({ path }));
}

/** A .levitor file chosen in the browser: its bytes go to the host, which checks them like a path. */
export async function openProjectFile(file: File): Promise<void> {
  const base64 = await readFileAsBase64(file, () => undefined);
  await open(file.name, () => bridge.api.project.openBytes({ name: file.name, base64 }));
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

async function save(path: string | null): Promise<void> {
  const { setTask, pushNotice } = studioStore.getState();
  setTask({ label: 'Saving the project', fraction: null });
  try {
    const saved = await saveProject(path);
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

/** Save As: the native dialog in Electron; in the browser host, the path on this computer is typed. */
export async function saveCurrentAs(): Promise<void> {
  const { project, document } = studioStore.getState();
  const name = project.name || document.image?.name.replace(/\.[^.]+$/, '') || 'Untitled';
  const picked = await bridge.api.project.pickPath({ mode: 'save', suggestedName: name });
  let path: string | null = null;
  if (picked.kind === 'picked') path = picked.path;
  else if (picked.kind === 'unavailable') {
    const typed = window.prompt(
      'Save the project as (full path of a .levitor file on this computer):',
      project.path ?? picked.suggestedPath ?? `${name}.levitor`,
    );
    path = typed?.trim() ? withExtension(typed.trim()) : null;
  }
  if (path) await save(path);
}

function withExtension(path: string): string {
  return /\.levitor$/i.test(path) ? path : `${path}.levitor`;
}
