import { runCommand } from '../../commands/appCommands';
import type { EditorObject } from '../../state/documentSlice';
import { useStudio } from '../../state/store';
import { canFitFrame } from '../framing/frameCheck';
import { useFrameReport } from '../framing/useFrameReport';
import { clampedEdges, clampedPoint } from './frameClamp';
import { usePlacement } from './usePlacement';
import { usePointOutline } from './usePointOutline';

/**
 * What the control signal will do with the selected point, when it is not what the canvas suggests: a
 * point outside the frame is pulled to the frame's edge, a point nearer than the object allows is refused,
 * an object carried wholly out of the frame does not show, and one whose mask is not in the frame (or is
 * too small there) is left out of the control signal altogether.
 */
export function PointNotes({ obj, index }: { obj: EditorObject; index: number }) {
  const fit = useStudio((s) => s.document.framing.fit);
  const placement = usePlacement();
  const outline = usePointOutline(obj, index);
  const report = useFrameReport();
  const doc = useStudio((s) => s.document);
  const p = obj.trajectory?.points[index];
  if (!p || !placement) return null;
  const clamped = clampedPoint(p, placement);
  const where = fit === 'crop' ? 'the crop' : 'the frame';
  const notes: string[] = [];
  if (clamped) {
    notes.push(
      `Outside ${where}: the control signal uses the nearest pixel on the ${clampedEdges(p, placement)} ` +
        `instead (${Math.round(clamped.x)}, ${Math.round(clamped.y)}), so the path is pulled to the edge there. ` +
        `Move the point or the frame to keep it in view.`,
    );
  }
  if (outline && 'missing' in outline)
    notes.push(
      outline.missing === 'outside-frame'
        ? `None of ${obj.name}’s mask is inside ${where}, so the control signal leaves it out: it will not move. Move the frame over it.`
        : `${obj.name} covers too little of the frame (0.1 % or less), so the control signal leaves it out: it will not move.`,
    );
  else if (outline?.tooNear)
    notes.push(
      'Too near for this object: its nearest part would pass the camera (depth + change ≤ 0), so the ' +
        'preview and the generation refuse it. Move this point farther or the first point nearer.',
    );
  else if (outline && outline.area === 0)
    notes.push('At this point the object is wholly outside the frame: it will not show.');
  if (notes.length === 0) return null;
  // The same fix the Frame section offers, where the artist reads about this point.
  const offerFit = (clamped || (outline && 'missing' in outline)) && canFitFrame(doc, report);
  return (
    <>
      {notes.map((n) => (
        <p key={n} className="traj-inspector__warn" role="status" data-testid="point-warning">
          {n}
        </p>
      ))}
      {offerFit && (
        <button type="button" className="btn" onClick={() => void runCommand('frame.fitMotion')}>
          Fit frame to motion
        </button>
      )}
    </>
  );
}
