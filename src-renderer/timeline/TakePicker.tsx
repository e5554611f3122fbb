import { studioStore, useStudio } from '../state/store';
import { takeLabel } from '../jobs/settingsActions';
import { TakeActions } from './TakeActions';
import { timelineStore, useTimelineView } from './timelineStore';

const PREVIEW = '__preview__';

/** Which source the timeline plays (the control preview or a take) and which take to compare with. */
export function TakePicker() {
  const takes = useStudio((s) => s.document.takes);
  const source = useStudio((s) => s.source);
  const compare = useTimelineView((s) => s.compareTakeId);
  const value = source.kind === 'take' ? source.takeId : PREVIEW;
  const label = (i: number) => takeLabel({ takes }, takes[i]?.id ?? '');
  // The lists are narrow: the chosen entry's whole name is the tooltip (long take names are cut off).
  const title = (id: string | null, none: string) => (id ? takeLabel({ takes }, id) || none : none);
  return (
    <>
      <select
        className="timeline__select"
        aria-label="Show"
        data-testid="take-select"
        title={title(source.kind === 'take' ? source.takeId : null, 'Control preview')}
        value={value}
        onChange={(e) => {
          const id = e.target.value;
          const t = takes.find((x) => x.id === id);
          const s = studioStore.getState();
          if (t) s.setSource({ kind: 'take', takeId: t.id }, t.frames?.count ?? 1);
          else {
            s.setSource({ kind: 'preview' }, s.document.settings.frames);
            timelineStore.getState().setCompare(null);
          }
        }}
      >
        <option value={PREVIEW}>Control preview</option>
        {takes.map((t, i) => (
          <option key={t.id} value={t.id}>
            {label(i)}
          </option>
        ))}
      </select>
      <select
        className="timeline__select"
        aria-label="Compare with"
        data-testid="compare-select"
        title={title(compare, 'No comparison')}
        disabled={source.kind !== 'take' || takes.length < 2}
        value={compare ?? ''}
        onChange={(e) => timelineStore.getState().setCompare(e.target.value || null)}
      >
        <option value="">No comparison</option>
        {takes.map((t, i) =>
          t.id === value ? null : (
            <option key={t.id} value={t.id}>
              Compare: {label(i)}
            </option>
          ),
        )}
      </select>
      {source.kind === 'take' && <TakeActions takeId={source.takeId} />}
    </>
  );
}
