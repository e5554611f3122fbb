import { useState } from 'react';
import { removeTake, renameTake, toggleTakeStar } from '../jobs/settingsActions';
import { studioStore, useStudio } from '../state/store';
import { jobsStore } from '../jobs/jobsStore';
import { timelineStore } from './timelineStore';

/**
 * Star, rename and delete the take on screen. Each is one undo step (Ctrl+Z brings a deleted take back);
 * a deleted take's frames leave the project file at the next save.
 */
export function TakeActions({ takeId }: { takeId: string }) {
  const take = useStudio((s) => s.document.takes.find((t) => t.id === takeId));
  const [renaming, setRenaming] = useState<string | null>(null);
  if (!take) return null;
  const edit = studioStore.getState().updateDocument;
  const remove = () => {
    const s = studioStore.getState();
    s.setSource({ kind: 'preview' }, s.document.settings.frames);
    timelineStore.getState().setCompare(null);
    edit((d) => removeTake(d, takeId));
    jobsStore.getState().markDeleted(takeId);
    s.pushNotice({
      level: 'info',
      title: 'Take deleted',
      detail: 'Undo (Ctrl+Z) brings it back; its frames leave the project file when you save.',
    });
  };
  if (renaming !== null)
    return (
      <input
        className="timeline__select"
        aria-label="Take name"
        data-testid="take-name"
        autoFocus
        value={renaming}
        maxLength={200}
        placeholder="Take name"
        onChange={(e) => setRenaming(e.target.value)}
        onBlur={() => setRenaming(null)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            edit((d) => renameTake(d, takeId, renaming));
            setRenaming(null);
          } else if (e.key === 'Escape') {
            e.stopPropagation();
            setRenaming(null);
          }
        }}
      />
    );
  return (
    <>
      <button
        type="button"
        className="btn btn--icon btn--ghost"
        aria-pressed={take.starred}
        aria-label={take.starred ? 'Unstar this take' : 'Star this take'}
        title={take.starred ? 'Unstar this take' : 'Star this take'}
        data-testid="take-star"
        onClick={() => edit((d) => toggleTakeStar(d, takeId))}
      >
        {take.starred ? '★' : '☆'}
      </button>
      <button
        type="button"
        className="btn btn--ghost"
        data-testid="take-rename"
        onClick={() => setRenaming(take.name)}
      >
        Rename
      </button>
      <button type="button" className="btn btn--ghost" data-testid="take-delete" onClick={remove}>
        Delete
      </button>
    </>
  );
}
