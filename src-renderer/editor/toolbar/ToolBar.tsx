import { runCommand } from '../../commands/appCommands';
import { isMac } from '../../commands/platform';
import { formatShortcut } from '../../commands/shortcuts';
import { useStudio } from '../../state/store';
import { TOOLS } from './toolInfo';
import { ToolIcon } from './ToolIcon';

/** The vertical tool strip at the canvas's left edge: every tool, the active one highlighted. */
export function ToolBar() {
  const tool = useStudio((s) => s.tool);
  return (
    <div className="toolbar" role="toolbar" aria-label="Tools" aria-orientation="vertical">
      {TOOLS.map((t) => {
        const key = formatShortcut(t.shortcut, isMac);
        return (
          <button
            key={t.tool}
            type="button"
            className={`toolbar__tool${tool === t.tool ? ' is-active' : ''}`}
            aria-pressed={tool === t.tool}
            aria-label={`${t.label} (${key})`}
            title={`${t.label} (${key}) — ${t.hint}`}
            data-tool={t.tool}
            onClick={() => void runCommand(t.commandId)}
          >
            <ToolIcon tool={t.tool} />
            <span className="toolbar__key" aria-hidden="true">
              {key}
            </span>
          </button>
        );
      })}
      <span className="toolbar__sep" aria-hidden="true" />
      <button
        type="button"
        className="toolbar__tool"
        aria-label="Keyboard shortcuts (?)"
        title="Keyboard shortcuts (?)"
        onClick={() => void runCommand('help.shortcuts')}
      >
        <span className="toolbar__help">?</span>
      </button>
    </div>
  );
}
