import { describe, expect, it } from 'vitest';
import { sameSecret } from './sameSecret';

describe('sameSecret', () => {
  it('accepts only the exact secret', () => {
    expect(sameSecret('abc123', 'abc123')).toBe(true);
    expect(sameSecret('abc124', 'abc123')).toBe(false);
    expect(sameSecret('abc12', 'abc123')).toBe(false);
    expect(sameSecret('abc1234', 'abc123')).toBe(false);
    expect(sameSecret('', 'abc123')).toBe(false);
  });
  it('refuses a missing value', () => {
    expect(sameSecret(null, 'abc123')).toBe(false);
    expect(sameSecret(undefined, 'abc123')).toBe(false);
  });
});
