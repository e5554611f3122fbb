import { runCommand } from '../../commands/appCommands';
import { useStudio } from '../../state/store';
import { canFitFrame, type FrameReport } from './frameCheck';
import { describeOutside, frameAdvice } from './frameText';
import { useFrameReport } from './useFrameReport';

/**
 * Says which moving objects the frame leaves out and at which frames, what the control signal does there,
 * and offers the fix (move the frame to hold the motion: one undo step). In full in the Frame panel; in
 * one line above Generate (same panel: the full text is a scroll away), so it is read before a take is made.
 */
export function FrameWarning({ testId, compact = false }: { testId: string; compact?: boolean }) {
  const report = useFrameReport();
  const doc = useStudio((s) => s.document);
  if (!report.outside.length) return null;
  const fit = canFitFrame(doc, report) && (
    <button
      type="button"
      className="btn"
      data-testid={`${testId}-fit`}
      onClick={() => void runCommand('frame.fitMotion')}
    >
      {compact ? 'Fit frame' : 'Fit frame to motion'}
    </button>
  );
  if (compact)
    return (
      <div className="frame-warning frame-warning--compact" role="status" data-testid={testId}>
        <span className="frame-warning__title">{compactLine(report)}</span>
        {fit}
      </div>
    );
  return (
    <div className="frame-warning" role="status" data-testid={testId}>
      <p className="frame-warning__title">Outside the frame</p>
      <ul>
        {report.outside.map((o) => (
          <li key={o.id}>{describeOutside(o, doc.settings.frames)}</li>
        ))}
      </ul>
      <p>{frameAdvice(doc, report)}</p>
      {fit}
    </div>
  );
}

function compactLine({ outside }: FrameReport): string {
  const [only] = outside;
  if (outside.length > 1 || !only) return `${outside.length} objects leave the frame`;
  return only.maskOutside ? `${only.name} is outside the frame` : `${only.name} leaves the frame`;
}
