import { useState } from 'react';

/**
 * A number input that commits on Enter, blur or the spinner arrows (one undo step per committed value,
 * not per keystroke). Out-of-range or non-numeric text is shown as invalid and not committed.
 */
export function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  testId?: string;
  onCommit: (value: number) => void;
}) {
  const { value, min, max, integer, onCommit } = props;
  const [text, setText] = useState(String(value));
  // An undo or another edit changes `value` from outside: show it (state adjusted during render).
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(String(value));
  }
  const parsed = Number(text);
  const valid =
    text.trim() !== '' &&
    Number.isFinite(parsed) &&
    parsed >= min &&
    parsed <= max &&
    (!integer || Number.isInteger(parsed));
  const commit = (t: string) => {
    const n = Number(t);
    if (
      t.trim() !== '' &&
      Number.isFinite(n) &&
      n >= min &&
      n <= max &&
      (!integer || Number.isInteger(n)) &&
      n !== value
    )
      onCommit(n);
    else if (!(Number.isFinite(n) && n >= min && n <= max)) setText(String(value));
  };
  return (
    <label className="gen-field">
      <span className="gen-field__label">{props.label}</span>
      <input
        className={`gen-input${valid ? '' : ' gen-input--invalid'}`}
        type="number"
        inputMode="decimal"
        aria-label={props.label}
        aria-invalid={!valid}
        data-testid={props.testId}
        min={min}
        max={max}
        step={props.step}
        value={text}
        title={`${+min.toPrecision(3)} – ${+max.toPrecision(3)}`}
        onChange={(e) => {
          setText(e.target.value);
          // Spinner clicks and arrow keys change the value by one step: commit those at once.
          const ne = e.nativeEvent as InputEvent;
          if (!ne.inputType || ne.inputType === 'insertReplacementText') commit(e.target.value);
        }}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit((e.target as HTMLInputElement).value);
          if (e.key === 'Escape') setText(String(value));
        }}
      />
    </label>
  );
}
