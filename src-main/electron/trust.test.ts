import { describe, expect, it } from 'vitest';
import { isTrustedUrl } from './trust';

describe('isTrustedUrl', () => {
  it('accepts only our renderer page or the dev server origin', () => {
    expect(isTrustedUrl('file:///opt/app/out/renderer/index.html')).toBe(true);
    expect(isTrustedUrl('file:///etc/passwd')).toBe(false);
    expect(isTrustedUrl('https://example.com/')).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedUrl('not a url')).toBe(false);
  });
});
