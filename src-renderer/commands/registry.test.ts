import { describe, expect, it, vi } from 'vitest';
import { createCommandRegistry } from './registry';
import { formatShortcut, matchesShortcut, parseShortcut } from './shortcuts';

const key = (
  k: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('parses modifiers and aliases', () => {
    expect(parseShortcut('Shift+Mod+Z')).toEqual({ key: 'z', mod: true, shift: true, alt: false });
    expect(parseShortcut('+')).toEqual({ key: '+', mod: false, shift: false, alt: false });
    expect(parseShortcut('Mod++')).toEqual({ key: '+', mod: true, shift: false, alt: false });
    expect(parseShortcut('Space').key).toBe(' ');
    expect(() => parseShortcut('Mod+')).toThrow();
  });

  it('maps Mod to Cmd on macOS and Ctrl elsewhere', () => {
    const s = parseShortcut('Mod+O');
    expect(matchesShortcut(s, key('o', { ctrlKey: true }), false)).toBe(true);
    expect(matchesShortcut(s, key('o', { metaKey: true }), false)).toBe(false);
    expect(matchesShortcut(s, key('o', { metaKey: true }), true)).toBe(true);
    expect(matchesShortcut(s, key('O', { ctrlKey: true, shiftKey: true }), false)).toBe(false);
    expect(matchesShortcut(s, key('o'), false)).toBe(false);
  });

  it('ignores Shift for symbols that need it on some layouts', () => {
    expect(matchesShortcut(parseShortcut('+'), key('+', { shiftKey: true }), false)).toBe(true);
    expect(matchesShortcut(parseShortcut('F'), key('F', { shiftKey: true }), false)).toBe(false);
  });

  it('formats for each platform', () => {
    expect(formatShortcut('Shift+Mod+Z', false)).toBe('Ctrl+Shift+Z');
    expect(formatShortcut('Shift+Mod+Z', true)).toBe('⇧⌘Z');
    expect(formatShortcut('0', false)).toBe('0');
  });
});

describe('command registry', () => {
  it('runs enabled commands and refuses disabled ones', async () => {
    const reg = createCommandRegistry<{ hasImage: boolean }>(() => {});
    const perform = vi.fn();
    reg.register({
      id: 'view.fit',
      label: 'Fit',
      group: 'View',
      shortcuts: ['F', '0'],
      enabled: (c) => c.hasImage,
      perform,
    });
    expect(await reg.run('view.fit', { hasImage: false })).toBe(false);
    expect(perform).not.toHaveBeenCalled();
    expect(await reg.run('view.fit', { hasImage: true })).toBe(true);
    expect(perform).toHaveBeenCalledTimes(1);
    expect(await reg.run('missing', { hasImage: true })).toBe(false);
  });

  it('finds commands by key and skips disabled ones', () => {
    const reg = createCommandRegistry<{ on: boolean }>(() => {});
    reg.register({
      id: 'a',
      label: 'A',
      group: 'G',
      shortcuts: ['0'],
      enabled: (c) => c.on,
      perform: () => {},
    });
    reg.register({ id: 'b', label: 'B', group: 'G', shortcuts: ['Mod+O'], perform: () => {} });
    expect(reg.findByKey(key('0'), { on: true }, false)?.id).toBe('a');
    expect(reg.findByKey(key('0'), { on: false }, false)).toBeUndefined();
    expect(reg.findByKey(key('o', { ctrlKey: true }), { on: false }, false)?.id).toBe('b');
  });

  it('rejects duplicate ids and bad shortcuts, and unregisters', () => {
    const reg = createCommandRegistry<null>(() => {});
    const dispose = reg.register({ id: 'x', label: 'X', group: 'G', perform: () => {} });
    expect(() => reg.register({ id: 'x', label: 'X', group: 'G', perform: () => {} })).toThrow(/already/);
    expect(() =>
      reg.register({ id: 'y', label: 'Y', group: 'G', shortcuts: ['Shift+'], perform: () => {} }),
    ).toThrow();
    dispose();
    expect(reg.get('x')).toBeUndefined();
    expect(reg.list()).toHaveLength(0);
  });

  it('reports errors thrown by a command instead of rejecting', async () => {
    const onError = vi.fn();
    const reg = createCommandRegistry<null>(onError);
    reg.register({
      id: 'boom',
      label: 'Boom',
      group: 'G',
      perform: async () => Promise.reject(new Error('nope')),
    });
    expect(await reg.run('boom', null)).toBe(true);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'nope' }),
      expect.objectContaining({ id: 'boom' }),
    );
  });
});
