import { studioStore } from '../state/store';
import { describeError } from './errorMessages';

export function reportError(err: unknown, fallbackTitle: string): void {
  studioStore.getState().pushNotice({ level: 'error', ...describeError(err, fallbackTitle) });
}
