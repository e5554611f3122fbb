import { useId, useState } from 'react';
import { numberProblem } from './numberProblem';

/**
 * A number input that commits on Enter, blur or the spinner arrows (one undo step per committed value,
 * not per keystroke). Text that cannot be used is not committed and not silently reverted: the line under
 * the field says why (and which value is kept) until the text is fixed or Escape restores the value.
 * `error` is a problem found by the caller with a committed value (e.g. keyframes out of order); it shows
 * in the same place and `onEdit` tells the caller the user is changing the value again.
 */
export function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  testId?: string;
  /** One line saying what the setting does, shown under the field. */
  help?: string;
  error?: string | null;
  onEdit?: () => void;
  onCommit: (value: number) => void;
}) {
  const { value, min, max, integer, onCommit } = props;
  const [text, setText] = useState(String(value));
  const id = useId();
  // An undo or another edit changes `value` from outside: show it (state adjusted during render).
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(String(value));
  }
  const name = props.label.replace(/\s*\(.*\)$/, '');
  const range = { min, max, ...(integer ? { integer } : {}) };
  const problem = numberProblem(name, text, range, value);
  const message = problem ?? props.error ?? null;
  const commit = (t: string) => {
    if (numberProblem(name, t, range, value) === null && Number(t) !== value) onCommit(Number(t));
  };
  const describedBy = [message ? `${id}-error` : '', props.help ? `${id}-help` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <label className="gen-field">
      <span className="gen-field__label">{props.label}</span>
      <input
        className={`gen-input${message ? ' gen-input--invalid' : ''}`}
        type="number"
        inputMode="decimal"
        aria-label={props.label}
        aria-invalid={message !== null}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
        data-testid={props.testId}
        min={min}
        max={max}
        step={props.step}
        value={text}
        title={`${props.help ? `${props.help} ` : ''}(${+min.toPrecision(3)} – ${+max.toPrecision(3)})`}
        onChange={(e) => {
          setText(e.target.value);
          props.onEdit?.();
          // Spinner clicks and arrow keys change the value by one step: commit those at once.
          const ne = e.nativeEvent as InputEvent;
          if (!ne.inputType || ne.inputType === 'insertReplacementText') commit(e.target.value);
        }}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit((e.target as HTMLInputElement).value);
          if (e.key === 'Escape') {
            setText(String(value));
            props.onEdit?.();
          }
        }}
      />
      {message && (
        <span
          className="gen-field__error"
          id={`${id}-error`}
          role="alert"
          data-testid={props.testId && `${props.testId}-error`}
        >
          {message}
        </span>
      )}
      {props.help && (
        <span className="gen-field__help" id={`${id}-help`}>
          {props.help}
        </span>
      )}
    </label>
  );
}
