import { useMemo, useState, type KeyboardEvent } from 'react';
import { commands, currentContext, runCommand } from '../commands/appCommands';
import { isMac } from '../commands/platform';
import { formatShortcut } from '../commands/shortcuts';
import { studioStore, useStudio } from '../state/store';
import { useModal } from './modal/useModal';

/** Every registered command, searchable; runs through the same path as menus and shortcuts. */
export function CommandPalette() {
  const open = useStudio((s) => s.paletteOpen);
  return open ? <PaletteDialog /> : null;
}

function PaletteDialog() {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [ctx] = useState(currentContext);
  const items = useMemo(() => {
    const q = query.trim().toLowerCase();
    return commands
      .list()
      .filter((c) => c.id !== 'app.commandPalette' && commands.isEnabled(c.id, ctx))
      .filter((c) => !q || `${c.group} ${c.label}`.toLowerCase().includes(q));
  }, [query, ctx]);

  const close = () => studioStore.getState().setPaletteOpen(false);
  const ref = useModal<HTMLDivElement>(close);
  const run = (id: string) => {
    close();
    void runCommand(id);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(items.length - 1, a + 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
    else if (e.key === 'Enter' && items[active]) run(items[active].id);
    else return;
    e.preventDefault();
  };

  return (
    <div className="palette-backdrop" onPointerDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="palette"
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-label="Commands"
        onKeyDown={onKeyDown}
      >
        <input
          className="palette__input"
          autoFocus
          placeholder="Type a command…"
          aria-label="Search commands"
          aria-controls="palette-list"
          aria-activedescendant={items[active] ? `palette-${items[active].id}` : undefined}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
        />
        <ul className="palette__list" id="palette-list" role="listbox">
          {items.map((c, i) => (
            <li
              key={c.id}
              id={`palette-${c.id}`}
              role="option"
              aria-selected={i === active}
              className={`palette__item${i === active ? ' is-active' : ''}`}
              onPointerMove={() => setActive(i)}
              onClick={() => run(c.id)}
            >
              <span className="palette__group">{c.group}</span>
              <span className="palette__label">{c.label}</span>
              {c.shortcuts?.[0] && <kbd>{formatShortcut(c.shortcuts[0], isMac)}</kbd>}
            </li>
          ))}
          {items.length === 0 && <li className="palette__empty muted">No matching command</li>}
        </ul>
      </div>
    </div>
  );
}
