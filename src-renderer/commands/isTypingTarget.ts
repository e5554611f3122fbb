/** Inputs that take typed text; a checkbox, radio, button or slider does not. */
const TEXT_INPUTS = new Set([
  'text',
  'search',
  'number',
  'email',
  'password',
  'url',
  'tel',
  'date',
  'datetime-local',
  'month',
  'time',
  'week',
]);

/** Keys a focused slider uses to move its value. */
const SLIDER_KEYS = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

/**
 * Keys pressed in text fields belong to the field, not to canvas shortcuts. A clicked checkbox or button
 * keeps the focus, but it only uses Space and Enter: every other key still reaches the shortcuts (a
 * click on "Overlay paths" must not switch the keyboard off).
 */
export function isTypingTarget(target: EventTarget | null, key?: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target instanceof HTMLInputElement) {
    if (TEXT_INPUTS.has(target.type)) return true;
    if (target.type === 'range') return key === undefined || SLIDER_KEYS.has(key);
    return key === undefined || key === ' ' || key === 'Enter';
  }
  if (target.tagName === 'BUTTON' || target.getAttribute('role') === 'button') {
    return key === ' ' || key === 'Enter';
  }
  return false;
}
