import type { StudioDocument } from '../state/documentSlice';
import { studioStore } from '../state/store';
import { isDirty } from './projectSlice';

/**
 * Asks before unsaved work is replaced (opening another image or project). Synchronous on purpose:
 * in the browser the file dialog must open inside the same click, which an async dialog would lose.
 */
export function confirmDiscardChanges(): boolean {
  const s = studioStore.getState();
  if (!isDirty(s)) return true;
  return window.confirm(`"${nameOf(s)}" has unsaved changes. Discard them and continue?`);
}

/**
 * The second half of that question, asked when the new image or project is ready to show. Reading a
 * large file takes seconds, and the document stays editable meanwhile: edits made after the first
 * answer were never agreed to be discarded. `asked` is the document as it was when the user answered;
 * if it is still the one on screen (or nothing is unsaved) the answer stands, otherwise ask again.
 */
export function confirmReplaceAfterWait(asked: StudioDocument): boolean {
  const s = studioStore.getState();
  if (s.document === asked || !isDirty(s)) return true;
  return window.confirm(
    `You changed "${nameOf(s)}" while the file was loading. Discard those changes and show the file?`,
  );
}

function nameOf(s: ReturnType<typeof studioStore.getState>): string {
  return s.project.name || s.document.image?.name || 'this project';
}
