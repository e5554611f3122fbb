import { create } from 'zustand';

/** A question the studio asks before doing something the user may not expect (in the app's modal layer). */
export interface ConfirmRequest {
  readonly title: string;
  /** What will happen and why, in a sentence or two. */
  readonly body: string;
  /** The button that goes ahead (says what it does: "Generate anyway", not "OK"). */
  readonly confirm: string;
  readonly cancel?: string;
  /** A third answer that mends the cause first ("Fit frame and generate"); shown as the main button. */
  readonly alternative?: string;
}

export type ConfirmChoice = 'confirm' | 'alternative' | 'cancel';

interface Pending extends ConfirmRequest {
  readonly answer: (choice: ConfirmChoice) => void;
}

interface ConfirmState {
  readonly pending: Pending | null;
}

export const confirmStore = create<ConfirmState>(() => ({ pending: null }));

/**
 * Asks a question in the app's own dialog; resolves to the button chosen ('cancel' for Cancel, Escape or a
 * click outside). One question at a time: asking again answers the open one 'cancel' first.
 */
export function askChoice(request: ConfirmRequest): Promise<ConfirmChoice> {
  confirmStore.getState().pending?.answer('cancel');
  return new Promise((resolve) => {
    const answer = (choice: ConfirmChoice) => {
      if (confirmStore.getState().pending?.answer === answer) confirmStore.setState({ pending: null });
      resolve(choice);
    };
    confirmStore.setState({ pending: { ...request, answer } });
  });
}

/** askChoice for a yes/no question: true for the confirming button. */
export async function askConfirm(request: ConfirmRequest): Promise<boolean> {
  return (await askChoice(request)) === 'confirm';
}
