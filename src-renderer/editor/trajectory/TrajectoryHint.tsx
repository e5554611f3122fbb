import { useEffect } from 'react';
import { runCommand } from '../../commands/appCommands';
import { isMac } from '../../commands/platform';
import { formatShortcut } from '../../commands/shortcuts';
import { studioStore, useStudio } from '../../state/store';
import { Tool } from '../../state/uiSlice';
import { updateObject } from '../objects/objectActions';
import { selectedObject } from '../objects/objectOps';
import { trajectoryUi, useTrajectoryUi } from './trajectoryUi';

/**
 * No dead ends for the trajectory tool: with no object, a static object or a locked one selected, say what
 * to do and offer it (add an object, make this one moving, unlock it). Dismissed hints come back on the
 * next canvas click (trajectoryTarget sets `block` again).
 */
export function TrajectoryHint() {
  const tool = useStudio((s) => s.tool);
  const obj = useStudio((s) => selectedObject(s));
  const hasObjects = useStudio((s) => s.document.objects.length > 0);
  const block = useTrajectoryUi((s) => s.block);
  const reason = !obj ? 'noObject' : obj.kind === 'static' ? 'static' : obj.locked ? 'locked' : null;
  useEffect(() => {
    // Each new tool or selection starts with the hint showing when it applies.
    trajectoryUi.setState({ block: 'noObject' });
  }, [tool, obj?.id]);
  if (tool !== Tool.Trajectory || !reason || !block) return null;
  const key = (s: string) => formatShortcut(s, isMac);
  const edit = (props: { kind?: 'moving'; locked?: false }) =>
    obj && studioStore.getState().updateDocument((d) => updateObject(d, obj.id, props));
  return (
    <div className="needs-object traj-hint" role="alert" data-testid="trajectory-hint">
      {reason === 'noObject' && (
        <>
          <p className="needs-object__title">{hasObjects ? 'Pick a moving object' : 'Add an object first'}</p>
          <p className="muted">
            A trajectory belongs to a moving object. Pick one in the Objects list or add one ({key('N')}) and
            segment it, then click on the image to place its path points.
          </p>
        </>
      )}
      {reason === 'static' && obj && (
        <>
          <p className="needs-object__title">{obj.name} is static</p>
          <p className="muted">
            Static objects never move, so they have no trajectory. Make it a moving object to draw its path,
            or pick another object.
          </p>
        </>
      )}
      {reason === 'locked' && obj && (
        <>
          <p className="needs-object__title">{obj.name} is locked</p>
          <p className="muted">Unlock it to edit its trajectory.</p>
        </>
      )}
      <div className="needs-object__actions">
        {reason === 'noObject' && (
          <button type="button" className="btn btn--primary" onClick={() => void runCommand('object.add')}>
            Add object
          </button>
        )}
        {reason === 'static' && (
          <button type="button" className="btn btn--primary" onClick={() => edit({ kind: 'moving' })}>
            Make it moving
          </button>
        )}
        {reason === 'locked' && (
          <button type="button" className="btn btn--primary" onClick={() => edit({ locked: false })}>
            Unlock
          </button>
        )}
        <button
          type="button"
          className="btn btn--ghost"
          onClick={() => trajectoryUi.setState({ block: null })}
        >
          Dismiss
        </button>
      </div>
    </div>
  );
}
