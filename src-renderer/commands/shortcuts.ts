/**
 * Shortcut strings such as "Mod+O", "Shift+Mod+Z", "F", "0", "+", "Space". "Mod" is Cmd on macOS and
 * Ctrl elsewhere, so one registration serves every platform.
 */
export interface KeyInput {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

export interface ParsedShortcut {
  readonly key: string;
  readonly mod: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
}

const KEY_ALIASES: Record<string, string> = { space: ' ', esc: 'escape', plus: '+', minus: '-' };

export function parseShortcut(text: string): ParsedShortcut {
  // "+" is both the separator and a key: "Mod++" and "+" name the plus key.
  const plusKey = text === '+' || text.endsWith('++');
  const parts = (plusKey ? text.slice(0, -1) : text).split('+');
  if (plusKey) parts[parts.length - 1] = '+';
  let mod = false;
  let shift = false;
  let alt = false;
  let key = '';
  for (const raw of parts) {
    const part = raw.toLowerCase();
    if (part === 'mod' || part === 'ctrl' || part === 'cmd') mod = true;
    else if (part === 'shift') shift = true;
    else if (part === 'alt' || part === 'option') alt = true;
    else if (part === '' || key) throw new Error(`Shortcut "${text}" is malformed`);
    else key = KEY_ALIASES[part] ?? part;
  }
  if (!key) throw new Error(`Shortcut "${text}" names no key`);
  return { key, mod, shift, alt };
}

/** Letters and named keys must match Shift exactly; symbols such as "+" or "?" need Shift on many layouts. */
function shiftMatters(key: string): boolean {
  return /^[a-z]$/.test(key) || key.length > 1;
}

export function matchesShortcut(shortcut: ParsedShortcut, e: KeyInput, isMac: boolean): boolean {
  const mod = isMac ? e.metaKey : e.ctrlKey;
  const otherMod = isMac ? e.ctrlKey : e.metaKey;
  if (mod !== shortcut.mod || otherMod || e.altKey !== shortcut.alt) return false;
  if (shiftMatters(shortcut.key) && e.shiftKey !== shortcut.shift) return false;
  return e.key.toLowerCase() === shortcut.key;
}

const MAC_SYMBOLS: Record<string, string> = { mod: '⌘', shift: '⇧', alt: '⌥' };

/** Human label for menus and the palette: "Ctrl+O" or "⌘O". */
export function formatShortcut(text: string, isMac: boolean): string {
  const s = parseShortcut(text);
  const key = s.key === ' ' ? 'Space' : s.key.length === 1 ? s.key.toUpperCase() : capitalize(s.key);
  if (isMac) {
    return `${s.alt ? MAC_SYMBOLS.alt : ''}${s.shift ? MAC_SYMBOLS.shift : ''}${s.mod ? MAC_SYMBOLS.mod : ''}${key}`;
  }
  return [s.mod ? 'Ctrl' : '', s.alt ? 'Alt' : '', s.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
