import { studioStore } from '../state/store';
import { isDirty } from './projectSlice';

/**
 * Asks before unsaved work is replaced (opening another image or project). Synchronous on purpose:
 * in the browser the file dialog must open inside the same click, which an async dialog would lose.
 */
export function confirmDiscardChanges(): boolean {
  const s = studioStore.getState();
  if (!isDirty(s)) return true;
  const name = s.project.name || s.document.image?.name || 'this project';
  return window.confirm(`"${name}" has unsaved changes. Discard them and continue?`);
}
