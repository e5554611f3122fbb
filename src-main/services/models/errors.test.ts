import { describe, expect, it } from 'vitest';
import { redactTokens, TOKEN_SHOWN } from './errors';

describe('redactTokens', () => {
  it('hides known tokens in any case, and anything shaped like a Hugging Face token', () => {
    const kept = 'hf_Kept.Token-1';
    const msg = `getaddrinfo ENOTFOUND ${kept.toLowerCase()}; not a URL: ${kept}; hf_${'a1B2'.repeat(9)} too`;
    const out = redactTokens(msg, [kept, undefined]);
    expect(out).toBe(`getaddrinfo ENOTFOUND ${TOKEN_SHOWN}; not a URL: ${TOKEN_SHOWN}; ${TOKEN_SHOWN} too`);
    // short strings are never treated as tokens (an empty or 2-letter "token" would blank the text)
    expect(redactTokens('no data for 30 ms', ['', 'ms'])).toBe('no data for 30 ms');
  });
});
