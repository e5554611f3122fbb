import { dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { FilePurpose } from '../../src-shared/files/ipc';

const FILTERS: Record<FilePurpose, Electron.FileFilter[]> = {
  'open-image': [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'webp'] }],
  'open-project': [{ name: 'LeviTor projects', extensions: ['levitor'] }],
  'save-project': [{ name: 'LeviTor projects', extensions: ['levitor'] }],
  export: [],
  'model-folder': [],
  'model-zip': [{ name: 'Model archives', extensions: ['zip'] }],
  'triton-repo': [],
};

/**
 * The native dialog for a purpose (services/files issues the handle for its answer). The only Electron
 * part of the file authority: everything after the user's choice is shared with the browser host.
 */
export async function nativeFileDialog(
  win: BrowserWindow | null,
  req: { purpose: FilePurpose; suggestedName?: string },
): Promise<string | null> {
  const { purpose } = req;
  if (purpose === 'save-project' || purpose === 'export' || purpose === 'triton-repo') {
    const name = req.suggestedName ?? 'Untitled';
    const opts: SaveDialogOptions = {
      filters: FILTERS[purpose],
      defaultPath: purpose === 'save-project' ? `${name}.levitor` : name,
    };
    const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
    if (r.canceled || !r.filePath) return null;
    if (purpose !== 'save-project') return r.filePath;
    return r.filePath.toLowerCase().endsWith('.levitor') ? r.filePath : `${r.filePath}.levitor`;
  }
  const opts: OpenDialogOptions = {
    properties: [purpose === 'model-folder' ? 'openDirectory' : 'openFile'],
    filters: FILTERS[purpose],
  };
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return r.canceled ? null : (r.filePaths[0] ?? null);
}
