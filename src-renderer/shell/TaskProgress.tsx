import { useStudio } from '../state/store';

/** The progress of long work such as reading and sending a large image, first in the toast column. */
export function TaskProgress() {
  const task = useStudio((s) => s.task);
  if (!task) return null;
  const pct = task.fraction === null ? null : Math.round(task.fraction * 100);
  return (
    <div className="task-progress" role="status" data-testid="task-progress">
      <div className="task-progress__label">
        <span>{task.label}</span>
        {pct !== null && <span className="muted">{pct}%</span>}
      </div>
      <progress className="task-progress__bar" max={100} {...(pct === null ? {} : { value: pct })} />
    </div>
  );
}
