import type { ReactNode } from 'react';

/** A small modal: backdrop click and Escape close it. */
export function DialogFrame(props: {
  title: string;
  onClose: () => void;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="palette-backdrop" onPointerDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        className="project-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        data-testid={props.testId}
        onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
      >
        <header className="project-dialog__header">
          <h2>{props.title}</h2>
          <button
            type="button"
            className="btn btn--ghost btn--icon"
            aria-label="Close"
            onClick={props.onClose}
          >
            ×
          </button>
        </header>
        {props.children}
      </div>
    </div>
  );
}
