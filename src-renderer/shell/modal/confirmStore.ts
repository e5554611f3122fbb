import { create } from 'zustand';

/** A question the studio asks before doing something the user may not expect (in the app's modal layer). */
export interface ConfirmRequest {
  readonly title: string;
  /** What will happen and why, in a sentence or two. */
  readonly body: string;
  /** The button that goes ahead (says what it does: "Generate anyway", not "OK"). */
  readonly confirm: string;
  readonly cancel?: string;
}

interface Pending extends ConfirmRequest {
  readonly answer: (yes: boolean) => void;
}

interface ConfirmState {
  readonly pending: Pending | null;
}

export const confirmStore = create<ConfirmState>(() => ({ pending: null }));

/**
 * Asks a question in the app's own dialog; resolves true for the confirming button, false for Cancel,
 * Escape or a click outside. One question at a time: asking again answers the open one "no" first.
 */
export function askConfirm(request: ConfirmRequest): Promise<boolean> {
  confirmStore.getState().pending?.answer(false);
  return new Promise((resolve) => {
    const answer = (yes: boolean) => {
      if (confirmStore.getState().pending?.answer === answer) confirmStore.setState({ pending: null });
      resolve(yes);
    };
    confirmStore.setState({ pending: { ...request, answer } });
  });
}
