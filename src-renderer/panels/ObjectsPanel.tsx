import type { KeyboardEvent } from 'react';
import { runCommand } from '../commands/appCommands';
import { isMac } from '../commands/platform';
import { formatShortcut } from '../commands/shortcuts';
import { moveObject } from '../editor/objects/objectActions';
import { moveObjectBy, selectAdjacent, selectedObject } from '../editor/objects/objectOps';
import { ObjectRow } from '../editor/objects/ObjectRow';
import { studioStore, useStudio } from '../state/store';
import { PanelSection } from './Panel';

/**
 * The objects list, top to bottom in control-signal order. Arrow keys move the selection, Alt+arrows
 * move the object, Delete removes it (a command), rows can also be dragged to a new place.
 */
export function ObjectsPanel() {
  const hasImage = useStudio((s) => s.document.image !== null);
  const objects = useStudio((s) => s.document.objects);
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.target !== e.currentTarget && (e.target as HTMLElement).tagName === 'INPUT') return;
    const sel = selectedObject();
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const delta = e.key === 'ArrowUp' ? -1 : 1;
      if (e.altKey && sel) moveObjectBy(sel.id, delta);
      else if (!e.altKey) selectAdjacent(delta);
      else return;
    } else if (e.key === 'Escape') studioStore.getState().select([]);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const onDropAt = (id: string, index: number) =>
    studioStore.getState().updateDocument((d) => moveObject(d, id, index));

  return (
    <aside className="panel shell__objects" aria-label="Objects">
      <PanelSection
        title="Objects"
        actions={
          <button
            type="button"
            className="btn btn--ghost btn--icon"
            disabled={!hasImage}
            aria-label="Add object"
            title={hasImage ? `Add object (${formatShortcut('N', isMac)})` : 'Open an image first'}
            onClick={() => void runCommand('object.add')}
          >
            +
          </button>
        }
      >
        {objects.length > 0 ? (
          <ul className="object-list" role="listbox" aria-label="Objects" tabIndex={0} onKeyDown={onKeyDown}>
            {objects.map((o, i) => (
              <ObjectRow key={o.id} obj={o} index={i} count={objects.length} onDropAt={onDropAt} />
            ))}
          </ul>
        ) : (
          <div className="panel-empty">
            <p>{hasImage ? 'No objects yet.' : 'Open an image to begin.'}</p>
            <p className="muted">
              {hasImage
                ? `Add an object (${formatShortcut('N', isMac)}), then click on it in the image to segment it.`
                : 'Objects you segment with a few clicks are listed here, each moving along its own 3D path or held still.'}
            </p>
            {hasImage && (
              <button
                type="button"
                className="btn btn--primary"
                onClick={() => void runCommand('object.add')}
              >
                Add object
              </button>
            )}
          </div>
        )}
      </PanelSection>
    </aside>
  );
}
