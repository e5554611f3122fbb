import { describe, expect, it } from 'vitest';
import { describeProjectError } from './errors';

describe('project error messages', () => {
  it('names the kind of problem for web and Electron error shapes and says the work is safe', () => {
    const web = { code: 'project/corrupt', message: 'CRC mismatch in masks/a.png. Open its .bak copy.' };
    expect(describeProjectError(web, 'Could not open x.levitor')).toEqual({
      title: 'Could not open x.levitor: the project file is damaged',
      detail: 'CRC mismatch in masks/a.png. Open its .bak copy. Your current work was not changed.',
    });
    const electron = new Error('[project/newer-version] Version 9 is newer than this studio reads.');
    const m = describeProjectError(electron, 'Could not open y.levitor');
    expect(m.title).toMatch(/newer LeviTor Studio/);
    expect(m.detail).toMatch(/Update LeviTor Studio/);
    expect(describeProjectError({ code: 'project/foreign', message: 'zip' }, 'Open').title).toMatch(
      /not a LeviTor project/,
    );
  });

  it('falls back to the general table for other errors', () => {
    expect(describeProjectError(new Error('boom'), 'Save failed')).toEqual({
      title: 'Save failed',
      detail: 'boom',
    });
  });
});
