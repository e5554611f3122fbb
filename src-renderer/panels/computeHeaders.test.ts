import { describe, expect, it } from 'vitest';
import { parseHeaderLines } from './computeHeaders';

describe('compute headers box', () => {
  it('reads Name: value lines, skipping blank ones', () => {
    expect(parseHeaderLines('Authorization: Bearer a:b\n\n X-Team : fx ')).toEqual({
      headers: { Authorization: 'Bearer a:b', 'X-Team': 'fx' },
    });
    expect(parseHeaderLines('')).toEqual({ headers: {} });
  });
  it('says which line is not a header, without echoing its value', () => {
    const r = parseHeaderLines('Authorization: x\nBearer s3cret');
    expect(r).toEqual({ error: 'Line 2: write a header as Name: value.' });
  });
});
