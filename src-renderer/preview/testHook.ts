import { studioStore } from '../state/store';
import { previewStore } from './previewStore';

declare global {
  interface Window {
    /** The preview's e2e test and bench drive the studio through this (plain data in, plain data out). */
    __studioPreview?: { readonly studio: typeof studioStore; readonly preview: typeof previewStore };
  }
}

/** Installed once at startup; it exposes only what the devtools console could reach anyway. */
export function installPreviewTestHook(): void {
  window.__studioPreview = { studio: studioStore, preview: previewStore };
}
