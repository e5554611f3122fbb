import { studioStore } from '../state/store';
export function reportError(err: unknown, title: string): void {
  studioStore.getState().pushNotice({ level: 'error', title, detail: String(err) });
}
