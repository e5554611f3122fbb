import './framing.css';
import { isLandscape, type FitMode } from '../../../src-shared/image/framing';
import { applySettings } from '../../jobs/settingsActions';
import { PanelSection } from '../../panels/Panel';
import { parseResolution } from '../../preview/buildScene';
import type { StudioDocument } from '../../state/documentSlice';
import { studioStore, useStudio } from '../../state/store';
import { runCommand } from '../../commands/appCommands';
import { markFramePlaced } from './autoFrame';
import { setFit } from './framingActions';
import './frameCommands';
import { FIT_HELP, FIT_LABEL, isTrainedShape } from './framingText';
import { FrameWarning } from './FrameWarning';

const FITS: readonly FitMode[] = ['crop', 'letterbox', 'stretch'];

/**
 * How the image fits the video frame: crop (the default; the frame is moved and scaled on the canvas),
 * letterbox or stretch, and, for landscape images, the frame's orientation. Every change is one undo step.
 */
export function FramingPanel() {
  const image = useStudio((s) => s.document.image);
  const fit = useStudio((s) => s.document.framing.fit);
  const resolution = useStudio((s) => s.document.settings.resolution);
  if (!image) return null;
  const target = parseResolution(resolution);
  // Every framing choice here makes the frame the artist's: the studio no longer places it (autoFrame.ts).
  const edit = (recipe: (d: StudioDocument) => StudioDocument) => {
    markFramePlaced(image.imageId);
    studioStore.getState().updateDocument(recipe);
  };
  const offerLandscape = isLandscape(image) || resolution === '512x288';
  return (
    <PanelSection title="Frame">
      <div className="segmented" role="radiogroup" aria-label="Fit">
        {FITS.map((f) => (
          <button
            key={f}
            type="button"
            role="radio"
            aria-checked={fit === f}
            className={`btn segmented__item${fit === f ? ' is-active' : ''}`}
            title={FIT_HELP[f]}
            data-testid={`fit-${f}`}
            onClick={() => edit((d) => setFit(d, f))}
          >
            {FIT_LABEL[f]}
          </button>
        ))}
      </div>
      <p className="muted panel-note" data-testid="fit-help">
        {FIT_HELP[fit]}
      </p>
      <FrameWarning testId="frame-warning" />
      {offerLandscape && (
        <label className="gen-field framing-shape">
          <span className="gen-field__label">Frame shape</span>
          {/* Short option texts: the select is as wide as the panel, and a longer one was cut off (the
              note below says when the shape is not the method's). */}
          <select
            className="gen-input"
            aria-label="Frame shape"
            data-testid="frame-shape"
            value={resolution === '512x288' ? '512x288' : '288x512'}
            onChange={(e) =>
              edit((d) => applySettings(d, { resolution: e.target.value as '288x512' | '512x288' }))
            }
          >
            <option value="288x512">Portrait 288 × 512 (trained)</option>
            <option value="512x288">Landscape 512 × 288</option>
          </select>
        </label>
      )}
      {!isTrainedShape(target) && (
        <p className="panel-note panel-note--warn" data-testid="frame-shape-note">
          LeviTor was trained on 288 × 512 portrait frames; at {target.width} × {target.height} results may be
          less reliable. The installed video model decides the size it renders.
        </p>
      )}
      {fit === 'crop' && (
        <div className="button-row">
          <button type="button" className="btn" onClick={() => void runCommand('frame.reset')}>
            Reset frame
          </button>
        </div>
      )}
    </PanelSection>
  );
}
