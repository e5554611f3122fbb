import { describe, expect, it } from 'vitest';
import { numberProblem } from './numberProblem';

describe('numberProblem', () => {
  const steps = { min: 1, max: 200, integer: true };
  it('says why a value cannot be used and what is kept', () => {
    expect(numberProblem('Steps', '0', steps, 25)).toBe('Steps must be at least 1; 25 is kept');
    expect(numberProblem('Steps', '500', steps, 25)).toBe('Steps must be at most 200; 25 is kept');
    expect(numberProblem('Steps', '2.5', steps, 25)).toBe('Steps must be a whole number; 25 is kept');
    expect(numberProblem('Steps', '', steps, 25)).toBe('Steps: enter a number; 25 is kept');
    expect(numberProblem('Steps', 'abc', steps, 25)).toBe('Steps: enter a number; 25 is kept');
  });
  it('has nothing to say about a usable value', () => {
    expect(numberProblem('Steps', '30', steps, 25)).toBeNull();
    expect(numberProblem('Control scale', '0.35', { min: 0, max: 10 }, 1)).toBeNull();
  });
});
