import type { ReactNode } from 'react';
import { useModal } from './useModal';

/**
 * The shared modal frame: a dimmed backdrop (a click on it closes), a titled dialog with a Close button,
 * the keyboard rules of `useModal`. `className` and `backdropClassName` pick the dialog's own look. Only
 * the body scrolls: a long dialog (the model manager, a long recent list) keeps its title and Close button
 * in view.
 */
export function Modal(props: {
  title: string;
  onClose: () => void;
  className?: string;
  backdropClassName?: string;
  testId?: string;
  /** Hide the built-in header (the dialog draws its own title). */
  bare?: boolean;
  children: ReactNode;
}) {
  const ref = useModal<HTMLDivElement>(props.onClose);
  return (
    <div
      className={props.backdropClassName ?? 'palette-backdrop'}
      role="presentation"
      onPointerDown={(e) => e.target === e.currentTarget && props.onClose()}
    >
      <div
        className={`modal ${props.className ?? 'project-dialog'}`}
        ref={ref}
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        data-testid={props.testId}
      >
        {!props.bare && (
          <header className="modal__header">
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
        )}
        <div className="modal__body" data-testid={props.testId ? `${props.testId}-body` : undefined}>
          {props.children}
        </div>
      </div>
    </div>
  );
}
