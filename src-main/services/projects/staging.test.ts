import { describe, expect, it } from 'vitest';
import { STAGE_PIECE_BYTES } from '../../../src-shared/project/ipc';
import { EntryStaging } from './staging';

const b64 = (n: number, fill = 7) => Buffer.alloc(n, fill).toString('base64');

describe('EntryStaging', () => {
  it('drops a push nobody took once it is older than the limit, and counts its bytes out', () => {
    let now = 0;
    const s = new EntryStaging(1 << 30, 1000, () => now);
    s.put('old', 'depth/edited.f32', 0, 1, b64(300));
    expect(s.bytes).toBe(300);
    now = 1500;
    s.put('new', 'depth/edited.f32', 0, 1, b64(200));
    expect(s.bytes).toBe(200);
    expect(() => s.take('old', ['depth/edited.f32'])).toThrow(/did not reach the studio/);
    expect([...s.take('new', ['depth/edited.f32']).values()][0]).toEqual(new Uint8Array(200).fill(7));
    expect(s.bytes).toBe(0);
  });

  it('refuses a piece past the limit on bytes and drops that push', () => {
    const s = new EntryStaging(STAGE_PIECE_BYTES + 10);
    s.put('p', 'masks/a.png', 0, 2, b64(STAGE_PIECE_BYTES));
    expect(() => s.put('p', 'masks/a.png', 1, 2, b64(11))).toThrow(/exceed/);
    expect(s.bytes).toBe(0);
    // Starting an entry again replaces what it held.
    s.put('q', 'masks/a.png', 0, 2, b64(STAGE_PIECE_BYTES));
    s.put('q', 'masks/a.png', 0, 1, b64(5, 1));
    expect(s.bytes).toBe(5);
    expect([...s.take('q', ['masks/a.png']).values()][0]).toEqual(new Uint8Array(5).fill(1));
  });

  it('gives nothing for an edit without staged entries', () => {
    expect(new EntryStaging().take(undefined, []).size).toBe(0);
  });
});
