import { afterEach, describe, expect, it, vi } from 'vitest';
import { documentForImage } from '../state/documentSlice';
import { studioStore } from '../state/store';
import { confirmReplaceAfterWait } from './confirm';
import { savedStateOf } from './projectSlice';

// The page's own question (window.confirm) is the browser's: here a recorder stands in for the user.
const asked: string[] = [];
let answer = false;
vi.stubGlobal('window', {
  confirm: (message: string) => {
    asked.push(message);
    return answer;
  },
});

const doc = documentForImage({ imageId: 'i1', name: 'lake.png', width: 64, height: 32, url: '/images/i1' });

function show(saved: boolean): void {
  const s = studioStore.getState();
  s.replaceDocument(doc);
  s.setProject({
    path: null,
    name: 'lake',
    id: null,
    saved: saved ? savedStateOf(studioStore.getState()) : null,
  });
}

afterEach(() => {
  asked.length = 0;
});

describe('confirmReplaceAfterWait (a file finished loading after the user agreed to replace the document)', () => {
  it('keeps the first answer when the document on screen is the one the user was asked about', () => {
    show(false);
    expect(confirmReplaceAfterWait(studioStore.getState().document)).toBe(true);
    expect(asked).toEqual([]);
  });

  it('asks again when the user edited while the file loaded, and keeps the edits on "no"', () => {
    show(true);
    const before = studioStore.getState().document;
    studioStore.getState().replaceDocument({ ...before, settings: { ...before.settings, steps: 9 } }); // an edit
    answer = false;
    expect(confirmReplaceAfterWait(before)).toBe(false);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/You changed "lake" while the file was loading/);
    answer = true;
    expect(confirmReplaceAfterWait(before)).toBe(true);
  });

  it('does not ask when nothing on screen is unsaved', () => {
    show(true);
    expect(confirmReplaceAfterWait(documentForImage({ ...doc.image!, imageId: 'other' }))).toBe(true);
    expect(asked).toEqual([]);
  });
});
