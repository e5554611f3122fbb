import type { ReactNode } from 'react';
import { Modal } from '../shell/modal/Modal';

/** The project dialogs' frame: the shared modal (Escape, backdrop click, focus) with the project look. */
export function DialogFrame(props: {
  title: string;
  onClose: () => void;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Modal title={props.title} onClose={props.onClose} {...(props.testId ? { testId: props.testId } : {})}>
      {props.children}
    </Modal>
  );
}
