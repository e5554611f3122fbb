import { describe, expect, it } from 'vitest';
import { StudioError, TransportErrorCode } from '../bridge/errors';
import { describeError } from './errorMessages';

describe('describeError', () => {
  it('says what happened in the title and what to do in the detail, once', () => {
    const m = describeError(
      new StudioError('image/not-an-image', '"notes.txt" is not an image the studio can read. Open a PNG.'),
      'Could not open notes.txt',
    );
    expect(m.title).toBe('Could not open notes.txt: it is not an image the studio can read');
    expect(m.detail).toBe('Save it as PNG, JPEG or WebP and open that file.');
    expect(m.technical).toMatch(/notes\.txt/);
  });

  it('keeps library text out of the headline and the detail', () => {
    const m = describeError(
      new StudioError(
        'image/decode-failed',
        '"cut.jpg" is damaged or incomplete and could not be decoded. Export it again.\nVipsJpeg: premature end of JPEG image',
      ),
      'Could not open cut.jpg',
    );
    expect(m.title).toBe('Could not open cut.jpg: the file is damaged or incomplete');
    expect(`${m.title} ${m.detail}`).not.toMatch(/Vips/);
    expect(m.technical).toMatch(/VipsJpeg: premature end of JPEG image/);
  });

  it('says the size limit once, as the host gave it', () => {
    const m = describeError(
      new StudioError(
        'image/too-large',
        '"big.png" is 20000x20000 px; the studio opens images up to 16384 px a side. Scale it down and open it again.',
      ),
      'Could not open big.png',
    );
    expect(m.title).toBe('Could not open big.png: the image is too large');
    expect(m.detail).toBe(
      '"big.png" is 20000x20000 px; the studio opens images up to 16384 px a side. Scale it down and open it again.',
    );
    expect(m.detail.match(/px a side|at most/g)).toHaveLength(1);
  });

  it('puts validation output behind Details', () => {
    const raw = 'bad request for generation:enqueue: settings.steps: Too small: expected number to be >=1';
    const m = describeError(new StudioError('ipc/bad-request', raw), 'Could not queue the generation');
    expect(m.title).toBe('Could not queue the generation');
    expect(m.detail).toMatch(/^Something went wrong inside the studio/);
    expect(m.technical).toBe(raw);
    const zod = describeError(new Error('[{"code":"invalid_type","expected":"string"}]'), 'Save failed');
    expect(zod.detail).not.toMatch(/invalid_type/);
    expect(zod.technical).toMatch(/invalid_type/);
  });

  it('reads codes carried in the message through the Electron preload', () => {
    const m = describeError(new Error('[image/not-found] "/x.png" was not found.'), 'Could not open x.png');
    expect(m.title).toBe('Could not open x.png: the file was not found');
  });

  it('explains a lost connection and keeps readable host text and plain errors', () => {
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
