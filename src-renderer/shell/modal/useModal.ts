import { useEffect, useRef, useState, type RefObject } from 'react';
import { pushModal } from './modalStack';

/**
 * Registers the element as a modal dialog for as long as the component is mounted (see modalStack):
 * it takes the focus and the keyboard, and Escape calls `onClose`.
 */
export function useModal<T extends HTMLElement>(onClose: () => void): RefObject<T | null> {
  const ref = useRef<T>(null);
  const close = useRef(onClose);
  // Read during the first render: by the time effects run, a child's autoFocus has moved the focus.
  const [before] = useState(() => document.activeElement);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(
    () => pushModal({ element: () => ref.current, close: () => close.current(), restoreFocus: before }),
    [before],
  );
  return ref;
}
