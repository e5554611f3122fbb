import { dialog, type BrowserWindow } from 'electron';

/**
 * Unsaved work: the renderer's `beforeunload` handler refuses to unload while its document is dirty (the
 * same code as in the browser host). Electron shows no prompt for that by itself; it emits
 * `will-prevent-unload`, and preventing that event lets the close go ahead. The renderer keeps the
 * knowledge of what is unsaved; main only asks the question.
 */
export function installClosePrompt(win: BrowserWindow): void {
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ['Close without saving', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      title: 'Unsaved changes',
      message: 'This project has unsaved changes.',
      detail: 'Close anyway and lose them, or cancel and save first (File > Save).',
    });
    if (choice === 0) event.preventDefault();
  });
}

const FILTERS = [{ name: 'LeviTor projects', extensions: ['levitor'] }];

/** The native dialog behind Open Project / Save As (the renderer asks through project:pickPath). */
export async function pickProjectPath(
  win: BrowserWindow | null,
  mode: 'open' | 'save',
  suggestedName?: string,
): Promise<string | null> {
  if (mode === 'open') {
    const opts = { properties: ['openFile' as const], filters: FILTERS };
    const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  }
  const opts = { filters: FILTERS, defaultPath: `${suggestedName ?? 'Untitled'}.levitor` };
  const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
  if (r.canceled || !r.filePath) return null;
  return r.filePath.endsWith('.levitor') ? r.filePath : `${r.filePath}.levitor`;
}
