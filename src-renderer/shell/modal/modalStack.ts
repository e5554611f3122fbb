/**
 * Open modal dialogs, innermost last. A modal takes the keyboard: while one is open, Escape closes the
 * innermost one, Tab cycles inside it, and the studio's shortcuts (Ctrl+O, Ctrl+Enter, ...) do not act
 * behind it (`useShortcuts` asks `isModalOpen`). When a modal closes, the focus goes back to where it was.
 * Every dialog registers through `useModal` (or the `Modal` frame), so the rule holds for dialogs added later.
 */
export interface ModalEntry {
  /** The dialog element: focus is kept inside it. */
  readonly element: () => HTMLElement | null;
  /** Called on Escape; the dialog decides what closing means (an export keeps running, ...). */
  readonly close: () => void;
  /** Where the focus was before the dialog opened (read before a child's autoFocus took it). */
  readonly restoreFocus?: Element | null;
}

interface Open {
  readonly entry: ModalEntry;
  readonly restoreFocus: Element | null;
}

const stack: Open[] = [];
const listeners = new Set<() => void>();

export function isModalOpen(): boolean {
  return stack.length > 0;
}

/** For tests and the command palette: changes of the stack. */
export function onModalsChanged(fn: () => void): () => void {
  listeners.add(fn);
  return () => void listeners.delete(fn);
}

export function pushModal(entry: ModalEntry): () => void {
  const open: Open = { entry, restoreFocus: entry.restoreFocus ?? document.activeElement };
  stack.push(open);
  if (stack.length === 1) window.addEventListener('keydown', onKeyDown, true);
  focusInside(entry.element());
  notify();
  return () => {
    const i = stack.indexOf(open);
    if (i < 0) return;
    stack.splice(i, 1);
    if (stack.length === 0) window.removeEventListener('keydown', onKeyDown, true);
    // Only the innermost modal hands the focus back; an outer one closing keeps the inner one's focus.
    if (i === stack.length && open.restoreFocus instanceof HTMLElement && open.restoreFocus.isConnected) {
      open.restoreFocus.focus();
    }
    notify();
  };
}

function notify(): void {
  for (const fn of listeners) fn();
}

const FOCUSABLE =
  'button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

function focusInside(el: HTMLElement | null): void {
  if (!el || el.contains(document.activeElement)) return;
  const auto = el.querySelector<HTMLElement>('[autofocus], [data-autofocus]');
  (auto ?? el).focus();
}

/** Capture phase: runs before any handler behind the dialog. */
function onKeyDown(e: KeyboardEvent): void {
  const top = stack.at(-1);
  if (!top) return;
  const el = top.entry.element();
  if (e.key === 'Escape') {
    // A menu or editor inside the dialog may use Escape itself (e.g. a select's popup): it has had no
    // chance yet in the capture phase, so only a plain Escape closes the dialog.
    e.preventDefault();
    e.stopPropagation();
    top.entry.close();
    return;
  }
  if (!el) return;
  if (!el.contains(e.target as Node | null)) {
    // The focus escaped (a click on the backdrop, a toast): the key must not act behind the dialog.
    e.preventDefault();
    e.stopPropagation();
    focusInside(el);
    return;
  }
  if (e.key === 'Tab') trapTab(e, el);
}

function trapTab(e: KeyboardEvent, el: HTMLElement): void {
  const items = [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((n) => n.offsetParent !== null);
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) {
    e.preventDefault();
    return;
  }
  if (e.shiftKey && (document.activeElement === first || document.activeElement === el)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
