import { describe, expect, it } from 'vitest';
import { suggestedName, targetPath } from './exportStore';

describe('export names', () => {
  it('suggests names per format; the chosen name gets the format extension, a PNG sequence a folder', () => {
    expect(suggestedName('coffee cup.png', 'mp4')).toBe('coffee_cup.mp4');
    expect(suggestedName('a', 'png')).toBe('a_frames');
    expect(suggestedName('a', 'json')).toBe('a_control.json');
    expect(targetPath('/t/a', 'gif')).toBe('/t/a.gif');
    expect(targetPath('/t/a', 'png')).toBe('/t/a/');
  });
});
