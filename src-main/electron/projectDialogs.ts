import { dialog, type BrowserWindow } from 'electron';

/**
 * Unsaved work: the renderer's `beforeunload` handler refuses to unload while its document is dirty (the
 * same code as in the browser host). Electron shows no prompt for that by itself; it emits
 * `will-prevent-unload`, and preventing that event lets the close go ahead. The renderer keeps the
 * knowledge of what is unsaved; main only asks the question.
 */
export function installClosePrompt(win: BrowserWindow, onDiscard: () => Promise<void>): void {
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
    if (choice !== 0) return;
    // The user discarded the changes: their recovery copy goes too (discarded means gone).
    void onDiscard().catch(() => undefined);
    event.preventDefault();
  });
}
