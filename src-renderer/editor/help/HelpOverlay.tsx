import { COMMAND_GROUPS, commands } from '../../commands/appCommands';
import { isMac } from '../../commands/platform';
import { formatShortcut } from '../../commands/shortcuts';
import { useModal } from '../../shell/modal/useModal';
import { setHelpOpen, useHelpOpen } from './helpState';

/** Pointer gestures are not commands, so they are listed here by hand. */
const GESTURES: readonly [string, string][] = [
  ['Segment tool: click', 'Add a positive point (part of the object)'],
  ['Segment tool: Shift+click', 'Add a negative point (not the object)'],
  ['Segment tool: drag', 'Draw a box around the object'],
  ['Segment tool: click a point', 'Remove that point'],
  ['Mask brush: Alt+drag', 'Erase while Alt is held'],
  ['Trajectory: click / drag', 'Add a point at the end (click on the path: insert) / move a point'],
  [
    'Trajectory: wheel over a point',
    'Nearer (up) or farther (down), fine steps; Shift+wheel: coarse steps; or drag the handle above it',
  ],
  ['Depth brush: drag', 'Paint depth (mode: raise, lower, smooth, flatten)'],
  ['Space+drag, middle drag', 'Pan'],
  ['Wheel, Ctrl+wheel', 'Zoom about the pointer'],
];

/** Every registered command with its shortcuts, read from the registry (other tools appear by themselves). */
export function HelpOverlay() {
  return useHelpOpen() ? <HelpDialog /> : null;
}

function HelpDialog() {
  const ref = useModal<HTMLDivElement>(() => setHelpOpen(false));
  const all = commands.list();
  const known = new Set<string>(COMMAND_GROUPS);
  const groups = [...COMMAND_GROUPS, ...new Set(all.map((c) => c.group).filter((g) => !known.has(g)))];
  return (
    <div className="help-backdrop" onPointerDown={(e) => e.target === e.currentTarget && setHelpOpen(false)}>
      <div
        className="help"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        tabIndex={-1}
        ref={ref}
        data-testid="help-overlay"
      >
        <header className="help__header">
          <h2>Keyboard shortcuts</h2>
          <button
            type="button"
            className="btn btn--ghost btn--icon"
            aria-label="Close"
            onClick={() => setHelpOpen(false)}
          >
            ×
          </button>
        </header>
        <div className="help__columns">
          {groups.map((group) => {
            const cmds = all.filter((c) => c.group === group);
            if (cmds.length === 0) return null;
            return (
              <section key={group} className="help__group">
                <h3>{group}</h3>
                <dl>
                  {cmds.map((c) => (
                    <div key={c.id} className="help__row">
                      <dt>{c.label}</dt>
                      <dd>
                        {(c.shortcuts ?? []).map((s) => (
                          <kbd key={s}>{formatShortcut(s, isMac)}</kbd>
                        ))}
                        {!c.shortcuts?.length && <span className="muted">palette</span>}
                      </dd>
                    </div>
                  ))}
                </dl>
              </section>
            );
          })}
          <section className="help__group">
            <h3>Mouse</h3>
            <dl>
              {GESTURES.map(([k, v]) => (
                <div key={k} className="help__row">
                  <dt>{v}</dt>
                  <dd>
                    <kbd>{k}</kbd>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
      </div>
    </div>
  );
}
