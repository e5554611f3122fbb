import { bridge } from '../bridge';
import { reportError } from '../io/reportError';
import { studioStore } from '../state/store';
import type { StudioState } from '../state/types';
import { describeProjectError } from './errors';
import { isDirty } from './projectSlice';
import { adoptOpenedImage, autosaveNow, openWith, pushDocument, sessionImageId } from './session';

/**
 * The document is pushed to main (for its autosave timer, minutes apart) once it has rested 2 s, and at
 * most every 20 s: each push PNG-encodes the changed masks (in a worker; ~0.5 s for a 16-megapixel mask).
 */
const PUSH_DELAY_MS = 2000;
const PUSH_INTERVAL_MS = 20_000;
let pushTimer: ReturnType<typeof setTimeout> | null = null;
let lastPush = -Infinity;

function schedulePush(): void {
  if (pushTimer) clearTimeout(pushTimer);
  const wait = Math.max(PUSH_DELAY_MS, lastPush + PUSH_INTERVAL_MS - performance.now());
  pushTimer = setTimeout(() => {
    pushTimer = null;
    lastPush = performance.now();
    pushDocument().catch((err: unknown) => reportError(err, 'Autosave could not update the recovery copy'));
  }, wait);
}

function titleOf(s: StudioState): string {
  const name = s.project.name || s.document.image?.name;
  return name ? `${isDirty(s) ? '• ' : ''}${name} — LeviTor Studio` : 'LeviTor Studio';
}

/**
 * Wires the project to the store and the window: a new image becomes an untitled project, edits are
 * pushed to main (throttled) so its autosave has them, the title shows the dirty marker and closing
 * with unsaved changes asks first (Electron turns the refusal into a dialog: src-main/electron).
 * Returns the disposer.
 */
export function installProjectLifecycle(): () => void {
  let wasDirty = false;
  const unsubscribe = studioStore.subscribe((s, prev) => {
    const id = s.document.image?.imageId;
    if (id !== prev.document.image?.imageId && id !== sessionImageId()) adoptOpenedImage();
    // Main's autosave follows "unsaved" too: Skip and Find change it without a document edit.
    const dirty = isDirty(s);
    if ((s.document !== prev.document || dirty !== wasDirty) && s.document.image) schedulePush();
    wasDirty = dirty;
    // A finished generation adds a take: autosave at once (issue 7: "on every generation").
    if (s.document.takes.length > prev.document.takes.length && s.document.image === prev.document.image)
      autosaveNow().catch((err: unknown) => reportError(err, 'Autosave after the generation failed'));
    const title = titleOf(s);
    if (document.title !== title) document.title = title;
  });
  const beforeUnload = (e: BeforeUnloadEvent): void => {
    if (!isDirty(studioStore.getState())) return;
    e.preventDefault();
    e.returnValue = ''; // older engines need it set to show the prompt
  };
  window.addEventListener('beforeunload', beforeUnload);
  return () => {
    unsubscribe();
    window.removeEventListener('beforeunload', beforeUnload);
    if (pushTimer) clearTimeout(pushTimer);
  };
}

/**
 * Start-up: offer recovery files if a previous session ended with unsaved work; otherwise, on first run
 * (no recent project), open the bundled sample so a new user sees the whole workflow at once.
 */
export async function startProjects(): Promise<void> {
  try {
    const recovery = await bridge.api.project.recoverList({});
    if (recovery.length > 0) {
      studioStore.getState().setProjectDialog('recovery');
      return;
    }
  } catch (err) {
    reportError(err, 'Could not check for recovered projects');
  }
  await openSampleOnFirstRun().catch((err: unknown) => {
    const { title, detail } = describeProjectError(err, 'Could not open the sample project');
    studioStore.getState().pushNotice({ level: 'warning', title, detail });
  });
}

export async function openSampleOnFirstRun(): Promise<void> {
  const recent = await bridge.api.project.recent({});
  if (recent.length > 0 || studioStore.getState().document.image) return;
  await openWith(() => bridge.api.project.openSample({}), { onlyIfEmpty: true });
}
