import { useEffect, useRef, type ReactNode } from 'react';

/** A small modal: backdrop click and Escape close it; it takes the focus so the keyboard works at once. */
export function DialogFrame(props: {
  title: string;
  onClose: () => void;
  testId?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="palette-backdrop" onPointerDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        className="project-dialog"
        ref={ref}
        tabIndex={-1}
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
