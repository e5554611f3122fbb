import { describe, expect, it } from 'vitest';
import { UPLOAD_BLOB, UPLOAD_PIECE_BYTES } from '../../../src-shared/ipc/upload';
import { runInScope } from '../files/scope';
import { UploadStore } from './store';

const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

describe('UploadStore', () => {
  it('drops an upload nobody took once it is older than the limit, and counts its bytes out', () => {
    let now = 0;
    const s = new UploadStore(1 << 30, 1000, () => now);
    s.put('old', 'depth/edited.f32', 0, 1, bytes(300));
    expect(s.bytes).toBe(300);
    now = 1500;
    s.put('new', 'depth/edited.f32', 0, 1, bytes(200));
    expect(s.bytes).toBe(200);
    expect(() => s.take('old', ['depth/edited.f32'])).toThrow(/did not reach the studio/);
    expect([...s.take('new', ['depth/edited.f32']).values()][0]).toEqual(bytes(200));
    expect(s.bytes).toBe(0);
  });

  it('refuses a piece past the limit on bytes and drops that upload', () => {
    const s = new UploadStore(UPLOAD_PIECE_BYTES + 10);
    s.put('p', 'masks/a.png', 0, 2, bytes(UPLOAD_PIECE_BYTES));
    expect(() => s.put('p', 'masks/a.png', 1, 2, bytes(11))).toThrow(/at most 2 MiB at once/);
    expect(s.bytes).toBe(0);
    // Starting an entry again replaces what it held.
    s.put('q', 'masks/a.png', 0, 2, bytes(UPLOAD_PIECE_BYTES));
    s.put('q', 'masks/a.png', 0, 1, bytes(5, 1));
    expect(s.bytes).toBe(5);
    expect([...s.take('q', ['masks/a.png']).values()][0]).toEqual(bytes(5, 1));
  });

  it('caps one upload apart from the total, and keeps other uploads', () => {
    const s = new UploadStore(1 << 30, 60_000, Date.now, UPLOAD_PIECE_BYTES + 1);
    s.put('other', UPLOAD_BLOB, 0, 1, bytes(3));
    s.put('big', UPLOAD_BLOB, 0, 2, bytes(UPLOAD_PIECE_BYTES));
    expect(() => s.put('big', UPLOAD_BLOB, 1, 2, bytes(2))).toThrow(/one transfer may hold/);
    expect(s.bytes).toBe(3);
    expect(s.takeBlob('other')).toEqual(bytes(3));
  });

  it('joins pieces in order into one array, and copies what it keeps', () => {
    const s = new UploadStore();
    const first = bytes(UPLOAD_PIECE_BYTES, 1);
    s.put('u', UPLOAD_BLOB, 0, 2, first);
    first.fill(9); // the caller's (or the socket's) buffer is not kept
    s.put('u', UPLOAD_BLOB, 1, 2, bytes(4, 2));
    const whole = s.takeBlob('u');
    expect(whole.byteLength).toBe(UPLOAD_PIECE_BYTES + 4);
    expect(whole[0]).toBe(1);
    expect([...whole.subarray(UPLOAD_PIECE_BYTES)]).toEqual([2, 2, 2, 2]);
    expect(whole.byteOffset % 8).toBe(0);
    expect(() => s.takeBlob('u')).toThrow(/did not reach/);
  });

  it('refuses pieces out of order or of the wrong size', () => {
    const s = new UploadStore();
    expect(() => s.put('u', UPLOAD_BLOB, 1, 2, bytes(1))).toThrow(/out of order/);
    expect(() => s.put('u', UPLOAD_BLOB, 0, 2, bytes(10))).toThrow(/every piece but the last/);
    s.put('u', UPLOAD_BLOB, 0, 3, bytes(UPLOAD_PIECE_BYTES));
    expect(() => s.put('u', UPLOAD_BLOB, 2, 3, bytes(1))).toThrow(/out of order/);
    expect(() => s.take('u', [UPLOAD_BLOB])).toThrow(/1 of 3 pieces/);
    expect(s.bytes).toBe(0);
    expect(s.discard('u')).toBe(false);
  });

  it('keeps each connection apart: another cannot take an upload by its id, and a closed one drops its own', () => {
    const s = new UploadStore();
    runInScope('socket:a', () => s.put('same', UPLOAD_BLOB, 0, 1, bytes(3, 1)));
    runInScope('socket:b', () => s.put('same', UPLOAD_BLOB, 0, 1, bytes(4, 2)));
    expect(() => runInScope('socket:c', () => s.takeBlob('same'))).toThrow(/did not reach/);
    expect(runInScope('socket:b', () => s.takeBlob('same'))).toEqual(bytes(4, 2));
    expect(runInScope('socket:c', () => s.discard('same'))).toBe(false);
    expect(s.bytes).toBe(3);
    s.dropScope('socket:a');
    expect(s.bytes).toBe(0);
  });

  it('gives nothing for an edit without staged entries', () => {
    expect(new UploadStore().take(undefined, []).size).toBe(0);
  });
});
