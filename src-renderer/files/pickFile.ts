import type { PickedFile } from '../../src-shared/files/ipc';
import { bridge } from '../bridge';
import { askInApp, type FileDialogRequest } from './fileDialogStore';

/**
 * Asks the user for a file: main's native dialog in Electron, the in-app picker in the browser host
 * (main lists the folders and issues the handle either way). Null when the user cancelled.
 */
export async function pickFile(request: FileDialogRequest): Promise<PickedFile | null> {
  const r = await bridge.api.files.pick({
    purpose: request.purpose,
    ...(request.suggestedName ? { suggestedName: request.suggestedName } : {}),
  });
  if (r.kind === 'picked') return r.file;
  if (r.kind === 'cancelled') return null;
  return askInApp(request);
}

/** A file name without its extension: `photo.png` -> `photo` (the default name of a project or export). */
export function stemOf(name: string): string {
  return name.replace(/\.[^./\\]+$/, '') || name;
}
