import { bridge } from '../bridge';
import type { ImportedImage } from '../bridge/types';
import { documentForImage } from '../state/documentSlice';
import { startDocument, studioStore } from '../state/store';
import { confirmDiscardChanges, confirmReplaceAfterWait } from '../project/confirm';
import { clickFileInput } from './fileInput';
import { fileBytes } from '../bridge/upload';
import { reportError } from './reportError';

/** "Open image": the native dialog in Electron, the page's file input in the browser. */
export async function chooseImageFile(): Promise<void> {
  if (bridge.kind === 'web') {
    // Must run synchronously inside the user's click or key press, or the browser refuses the dialog.
    clickFileInput(); // importImageFile asks about unsaved changes once a file is chosen
    return;
  }
  if (!confirmDiscardChanges()) return;
  const outcome = await bridge.api.image.openDialog({});
  if (outcome.kind === 'opened') showImportedImage(outcome.image);
  else if (outcome.kind === 'use-file-input') clickFileInput();
}

let busy = false;

/**
 * Files past this are refused before reading (IMAGE_LIMITS.maxBytes, the host refuses them too). It is
 * well above any 8192x8192 PNG/JPEG/WebP (the host enforces the real pixel limits).
 */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

/** Sends a dropped or chosen file to the host, which checks it and registers it; then shows it. */
export async function importImageFile(file: File): Promise<void> {
  if (busy) {
    studioStore.getState().pushNotice({
      level: 'info',
      title: 'Still opening the previous image',
      detail: 'Try again when it has loaded.',
    });
    return;
  }
  if (!confirmDiscardChanges()) return;
  const asked = studioStore.getState().document;
  if (file.size > MAX_IMPORT_BYTES) {
    studioStore.getState().pushNotice({
      level: 'error',
      title: `Could not open ${file.name}: the file is too large`,
      detail: `It is ${Math.round(file.size / 2 ** 20)} MiB; the studio opens files up to ${MAX_IMPORT_BYTES / 2 ** 20} MiB. Save a smaller PNG, JPEG or WebP copy and open that.`,
    });
    return;
  }
  busy = true;
  const { setTask } = studioStore.getState();
  try {
    // Read and sent a piece at a time (bridge/upload.ts): the page never holds the file as text.
    setTask({ label: `Reading ${file.name}`, fraction: 0 });
    const data = await fileBytes(file, (sent, total) =>
      setTask({ label: `Reading ${file.name}`, fraction: total ? sent / total : 1 }),
    );
    setTask({ label: `Checking ${file.name}`, fraction: null });
    const image = await bridge.api.image.importBytes({ name: file.name, ...data });
    if (!confirmReplaceAfterWait(asked)) {
      setTask(null);
      studioStore.getState().pushNotice({
        level: 'info',
        title: `${file.name} was not opened`,
        detail: 'Your changes are kept. Save them, then open the image again.',
      });
      return;
    }
    showImportedImage(image);
  } catch (err) {
    setTask(null);
    reportError(err, `Could not open ${file.name}`);
  } finally {
    busy = false;
  }
}

function showImportedImage(image: ImportedImage): void {
  startDocument(
    studioStore,
    documentForImage({
      imageId: image.imageId,
      name: image.name,
      width: image.width,
      height: image.height,
      url: image.url,
    }),
  );
  // A new image always starts fitted to the view.
  studioStore.getState().setViewport(studioStore.getState().viewport, true);
}
