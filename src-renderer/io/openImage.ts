import { bridge } from '../bridge';
import type { ImportedImage } from '../bridge/types';
import { startDocument, studioStore } from '../state/store';
import { clickFileInput } from './fileInput';
import { readFileAsBase64 } from './readFile';
import { reportError } from './reportError';

/** "Open image": the native dialog in Electron, the page's file input in the browser. */
export async function chooseImageFile(): Promise<void> {
  if (bridge.kind === 'web') {
    // Must run synchronously inside the user's click or key press, or the browser refuses the dialog.
    clickFileInput();
    return;
  }
  const outcome = await bridge.api.image.openDialog({});
  if (outcome.kind === 'opened') showImportedImage(outcome.image);
  else if (outcome.kind === 'use-file-input') clickFileInput();
}

let busy = false;

/** Sends a dropped or chosen file to the host, which checks it and registers it; then shows it. */
export async function importImageFile(file: File): Promise<void> {
  if (busy) {
    studioStore
      .getState()
      .pushNotice({
        level: 'info',
        title: 'Still opening the previous image',
        detail: 'Try again when it has loaded.',
      });
    return;
  }
  busy = true;
  const { setTask } = studioStore.getState();
  try {
    setTask({ label: `Reading ${file.name}`, fraction: 0 });
    const base64 = await readFileAsBase64(file, (fraction) =>
      setTask({ label: `Reading ${file.name}`, fraction }),
    );
    setTask({ label: `Checking ${file.name}`, fraction: null });
    const image = await bridge.api.image.importBytes({ name: file.name, base64 });
    showImportedImage(image);
  } catch (err) {
    setTask(null);
    reportError(err, `Could not open ${file.name}`);
  } finally {
    busy = false;
  }
}

function showImportedImage(image: ImportedImage): void {
  startDocument(studioStore, {
    image: {
      imageId: image.imageId,
      name: image.name,
      width: image.width,
      height: image.height,
      url: image.url,
    },
  });
  // A new image always starts fitted to the view.
  studioStore.getState().setViewport(studioStore.getState().viewport, true);
}
