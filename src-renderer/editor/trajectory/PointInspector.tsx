import { keyframeProblem, type Easing } from '../../../src-shared/control/timing';
import { NumberField } from '../../jobs/NumberField';
import { PanelSection, PropertyRow } from '../../panels/Panel';
import { studioStore, useStudio } from '../../state/store';
import { depthColour } from '../depth/colormap';
import { useDepthRange } from '../depth/useDepthRange';
import { sceneDepthAt } from '../depth/sceneDepth';
import { selectedObject } from '../objects/objectOps';
import { DistanceControl } from './DistanceControl';
import { PointNotes } from './PointNotes';
import { MIN_DEPTH, setEasing, setPointDepth, setPointFrame, setTiming } from './trajectoryActions';
import { deleteSelectedPoint } from './trajectoryOps';
import { trajectoryUi, useTrajectoryUi } from './trajectoryUi';
import './trajectory.css';

const EASINGS: readonly { value: Easing; label: string }[] = [
  { value: 'linear', label: 'Linear' },
  { value: 'easeIn', label: 'Ease in' },
  { value: 'easeOut', label: 'Ease out' },
  { value: 'easeInOut', label: 'Ease in-out' },
];

const round4 = (v: number) => Math.round(v * 10000) / 10000;

/**
 * The selected object's trajectory in the settings panel: timing (uniform = the reference, or keyframed),
 * and for the selected point its distance relative to the first point (the artist's control), its raw
 * LeviTor depth (number field, for experts), the scene depth under it for reference, its frame
 * (keyframed, validated) and the easing of the segment that starts at it.
 */
export function PointInspector() {
  const obj = useStudio((s) => selectedObject(s));
  const frames = useStudio((s) => s.document.settings.frames);
  const sel = useTrajectoryUi((s) => s.selected);
  const frameError = useTrajectoryUi((s) => s.frameError);
  if (!obj || obj.kind !== 'moving') return null;
  const traj = obj.trajectory;
  const pts = traj?.points ?? [];
  const index = sel?.objectId === obj.id && pts[sel.index] ? sel.index : -1;
  const p = pts[index];
  const update = studioStore.getState().updateDocument;
  const problem = traj?.timing === 'keyframed' ? keyframeProblem(pts, frames) : null;
  return (
    <PanelSection title="Trajectory">
      <div className="traj-inspector" data-testid="point-inspector">
        <PropertyRow label="Points">
          <span data-testid="traj-count">
            {pts.length === 0 ? 'none' : pts.length === 1 ? '1 (held still)' : String(pts.length)}
          </span>
        </PropertyRow>
        {pts.length === 0 && (
          <p className="muted">With the Trajectory tool, click on the image to place {obj.name}’s path.</p>
        )}
        {traj && pts.length > 1 && (
          <div className="segmented traj-inspector__timing" role="radiogroup" aria-label="Timing">
            {(['uniform', 'keyframed'] as const).map((t) => (
              <button
                key={t}
                type="button"
                role="radio"
                aria-checked={traj.timing === t}
                className={`segmented__item${traj.timing === t ? ' is-active' : ''}`}
                title={
                  t === 'uniform'
                    ? 'Points evenly spaced in time (the LeviTor reference)'
                    : 'Choose the frame each point is reached at'
                }
                onClick={() => update((d) => setTiming(d, obj.id, t, frames))}
              >
                {t === 'uniform' ? 'Uniform' : 'Keyframed'}
              </button>
            ))}
          </div>
        )}
        {problem && (
          <p className="traj-inspector__warn" role="status">
            Keyframes unusable ({problem}); uniform timing is used until fixed.
          </p>
        )}
        {p && (
          <>
            <p className="traj-inspector__point">
              Point {index + 1} of {pts.length}
              <span className="muted">
                {' '}
                ({Math.round(p.x)}, {Math.round(p.y)})
              </span>
            </p>
            <PointNotes obj={obj} index={index} />
            {index === 0 ? (
              <p className="muted panel-note" data-testid="point-distance-start">
                {pts.length > 1
                  ? 'Where the object starts: the other points’ distances are relative to this one.'
                  : 'Add points to move the object; their distances are relative to this one.'}
              </p>
            ) : (
              <DistanceControl objectId={obj.id} index={index} depth={p.depth} start={pts[0]!.depth} />
            )}
            <NumberField
              label="LeviTor depth (raw, smaller = nearer)"
              value={round4(p.depth)}
              min={MIN_DEPTH}
              max={1}
              step={0.001}
              testId="point-depth"
              onCommit={(v) => update((d) => setPointDepth(d, obj.id, index, v))}
            />
            <SceneDepth x={p.x} y={p.y} depth={p.depth} />
            {traj?.timing === 'keyframed' && (
              <NumberField
                label={`Frame (1–${frames})`}
                value={(p.frame ?? 0) + 1}
                min={1}
                max={frames}
                step={1}
                integer
                testId="point-frame"
                error={frameError}
                onEdit={() => frameError && trajectoryUi.setState({ frameError: null })}
                onCommit={(v) => {
                  // Shown from 1 like the timeline; stored from 0 like the control engine's frames.
                  const r = setPointFrame(studioStore.getState().document, obj.id, index, v - 1, frames);
                  trajectoryUi.setState({ frameError: r.error });
                  if (!r.error) update(() => r.doc);
                }}
              />
            )}
            {index < pts.length - 1 && traj && (
              <label className="gen-field">
                <span className="gen-field__label">Easing to point {index + 2}</span>
                <select
                  className="gen-input"
                  data-testid="point-easing"
                  value={traj.easing[index] ?? 'linear'}
                  onChange={(e) => update((d) => setEasing(d, obj.id, index, e.target.value as Easing))}
                >
                  {EASINGS.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <div className="button-row">
              <button type="button" className="btn" onClick={() => deleteSelectedPoint()}>
                Delete point
              </button>
            </div>
          </>
        )}
      </div>
    </PanelSection>
  );
}

/** Where the point sits relative to the scene surface under it (within 2% = on it). */
function relation(depth: number, scene: number): string {
  if (Math.abs(depth - scene) <= 0.02 * scene) return '(on the surface)';
  return depth < scene ? '(in front)' : '(behind)';
}

function SceneDepth({ x, y, depth }: { x: number; y: number; depth: number }) {
  const scene = useStudio((s) => sceneDepthAt(s, x, y));
  const range = useDepthRange();
  return (
    <PropertyRow label="Scene depth here">
      {scene === null ? (
        <span className="muted">no depth map</span>
      ) : (
        <span data-testid="point-scene-depth" className="traj-inspector__scene">
          <span className="swatch" style={{ background: depthColour(scene, range) }} aria-hidden="true" />
          {round4(scene)}
          <span className="muted">{relation(depth, scene)}</span>
        </span>
      )}
    </PropertyRow>
  );
}
