export interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
}

const show = (n: number) => String(Number(n.toPrecision(6)));

/**
 * Why the text typed in a number field cannot be used, in words for the line under the field, or null
 * when it can. `current` is the value kept meanwhile (the field's committed value).
 */
export function numberProblem(label: string, text: string, r: NumberRange, current: number): string | null {
  const n = Number(text);
  const kept = `; ${show(current)} is kept`;
  if (text.trim() === '' || !Number.isFinite(n)) return `${label}: enter a number${kept}`;
  if (n < r.min) return `${label} must be at least ${show(r.min)}${kept}`;
  if (n > r.max) return `${label} must be at most ${show(r.max)}${kept}`;
  if (r.integer && !Number.isInteger(n)) return `${label} must be a whole number${kept}`;
  return null;
}
