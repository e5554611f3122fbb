import { createStore, useStore } from 'zustand';
import type { FilePurpose, PickedFile } from '../../src-shared/files/ipc';

/** One question the in-app picker is asking (the browser host has no native dialog). */
export interface FileDialogRequest {
  readonly purpose: FilePurpose;
  readonly title: string;
  /** Save purposes: the name field's starting text. */
  readonly suggestedName?: string;
  /** A second way to choose (e.g. upload a file through the browser), shown as a button. */
  readonly alternative?: { readonly label: string; readonly run: () => void };
}

interface FileDialogState {
  readonly request: FileDialogRequest | null;
  readonly settle: ((file: PickedFile | null) => void) | null;
}

export const fileDialogStore = createStore<FileDialogState>()(() => ({ request: null, settle: null }));

export function useFileDialog<T>(selector: (s: FileDialogState) => T): T {
  return useStore(fileDialogStore, selector);
}

/** Shows the in-app picker; resolves to the file main issued a handle for, or null when cancelled. */
export function askInApp(request: FileDialogRequest): Promise<PickedFile | null> {
  fileDialogStore.getState().settle?.(null); // a second question replaces the first
  return new Promise((resolve) => {
    fileDialogStore.setState({
      request,
      settle: (file) => {
        fileDialogStore.setState({ request: null, settle: null });
        resolve(file);
      },
    });
  });
}

export function closeFileDialog(file: PickedFile | null): void {
  fileDialogStore.getState().settle?.(file);
}
