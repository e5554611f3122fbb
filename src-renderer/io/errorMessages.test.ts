import { describe, expect, it } from 'vitest';
import { StudioError, TransportErrorCode } from '../bridge/errors';
import { describeError } from './errorMessages';

describe('describeError', () => {
  it('tells the user which formats to use when a file is not an image', () => {
    const m = describeError(
      new StudioError('image/not-an-image', 'notes.txt has no image header.'),
      'Could not open notes.txt',
    );
    expect(m.title).toBe('Could not open notes.txt: it is not an image the studio can read');
    expect(m.detail).toBe('notes.txt has no image header. Open a PNG, JPEG or WebP image.');
  });

  it('does not repeat the advice when the host already gave it', () => {
    const m = describeError(new StudioError('not-an-image', 'Use a PNG, JPEG or WebP file.'), 'x');
    expect(m.detail).toBe('Use a PNG, JPEG or WebP file.');
  });

  it('says how to fix an image that is too large', () => {
    const m = describeError(
      new StudioError('image/too-large', '9000x9000 is over the limit.'),
      'Could not open big.png',
    );
    expect(m.title).toMatch(/too large/);
    expect(m.detail).toMatch(/^9000x9000 is over the limit\. Scale it down/);
  });

  it('explains a lost connection and keeps unknown codes and plain errors readable', () => {
    expect(
      describeError(new StudioError(TransportErrorCode.ConnectionLost, 'lost'), 'Open failed').title,
    ).toMatch(/connection to the studio was lost/);
    expect(describeError(new StudioError('models/whatever', 'Host says no.'), 'Open failed')).toEqual({
      title: 'Open failed',
      detail: 'Host says no.',
    });
    expect(describeError(new Error('boom'), 'Open failed')).toEqual({ title: 'Open failed', detail: 'boom' });
    expect(describeError('weird', 'Open failed')).toEqual({ title: 'Open failed', detail: 'weird' });
  });
});
