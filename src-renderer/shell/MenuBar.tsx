import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { COMMAND_GROUPS, commands, currentContext, runCommand } from '../commands/appCommands';
import { isMac } from '../commands/platform';
import { formatShortcut } from '../commands/shortcuts';

/** In-window menus built from the command registry (the Electron app menu uses the same commands). */
export function MenuBar() {
  const [open, setOpen] = useState<string | null>(null);
  const barRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    const close = (e: PointerEvent) => {
      if (!barRef.current?.contains(e.target as Node)) setOpen(null);
    };
    window.addEventListener('pointerdown', close);
    return () => window.removeEventListener('pointerdown', close);
  }, [open]);

  const groups = COMMAND_GROUPS.filter((g) => g !== 'Tools' && g !== 'Models');
  return (
    <nav className="menubar" ref={barRef} aria-label="Main menu">
      {groups.map((group) => (
        <div className="menubar__item" key={group}>
          <button
            type="button"
            className={`menubar__button${open === group ? ' is-open' : ''}`}
            aria-haspopup="menu"
            aria-expanded={open === group}
            onClick={() => setOpen(open === group ? null : group)}
            onPointerEnter={() => open && open !== group && setOpen(group)}
          >
            {group}
          </button>
          {open === group && <Menu group={group} onClose={() => setOpen(null)} />}
        </div>
      ))}
    </nav>
  );
}

function Menu({ group, onClose }: { group: string; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const ctx = currentContext();
  const items = commands.list().filter((c) => c.group === group);

  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown') buttons[(i + 1) % buttons.length]?.focus();
    else if (e.key === 'ArrowUp') buttons[(i - 1 + buttons.length) % buttons.length]?.focus();
    else return;
    e.preventDefault();
  };

  return (
    <div className="menu" role="menu" ref={ref} onKeyDown={onKeyDown}>
      {items.map((cmd) => (
        <button
          key={cmd.id}
          type="button"
          role="menuitem"
          className="menu__item"
          disabled={!commands.isEnabled(cmd.id, ctx)}
          onClick={() => {
            onClose();
            void runCommand(cmd.id);
          }}
        >
          <span>{cmd.label}</span>
          {cmd.shortcuts?.[0] && (
            <span className="menu__shortcut">{formatShortcut(cmd.shortcuts[0], isMac)}</span>
          )}
        </button>
      ))}
    </div>
  );
}
