import { studioStore } from '../state/store';
import { describeError } from './errorMessages';

export function reportError(err: unknown, fallbackTitle: string): void {
  const { title, detail } = describeError(err, fallbackTitle);
  studioStore.getState().pushNotice({ level: 'error', title, detail });
}
