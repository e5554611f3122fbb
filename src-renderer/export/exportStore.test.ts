import { describe, expect, it } from 'vitest';
import { joinPath, suggestedName, withKind } from './exportStore';

describe('export paths', () => {
  it('suggests names per format and swaps them', () => {
    expect(suggestedName('coffee cup.png', 'mp4')).toBe('coffee_cup.mp4');
    expect(suggestedName('a', 'png')).toBe('a_frames');
    expect(suggestedName('a', 'json')).toBe('a_control.json');
    expect(withKind('/t/a.mp4', 'gif')).toBe('/t/a.gif');
    expect(withKind('/t/a_frames', 'webm')).toBe('/t/a.webm');
    expect(withKind('/t/a.gif', 'png')).toBe('/t/a_frames');
    expect(withKind('/t/a.mp4', 'control-mp4')).toBe('/t/a_control.mp4');
    expect(withKind('/t/a_control.mp4', 'control-png')).toBe('/t/a_control_frames');
    expect(withKind('/t/a_control_frames', 'gif')).toBe('/t/a.gif');
    expect(joinPath('/home/u', 'a.mp4')).toBe('/home/u/a.mp4');
    expect(joinPath('C:\\Users\\u', 'a.mp4')).toBe('C:\\Users\\u\\a.mp4');
  });
});
