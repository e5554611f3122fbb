import { runCommand } from '../commands/appCommands';
import { formatZoom } from '../canvas/viewport';
import { useStudio } from '../state/store';
import { GenerationSettings } from '../jobs/GenerationSettings';
import { GenerateBar } from '../jobs/GenerateBar';
import { PanelSection, PropertyRow } from './Panel';
import { ComputePanel } from './ComputePanel';
import { PointInspector } from '../editor/trajectory/PointInspector';
import { DepthPanel } from '../editor/depth/DepthPanel';
import { FramingPanel } from '../editor/framing/FramingPanel';

export function SettingsPanel() {
  const image = useStudio((s) => s.document.image);
  const scale = useStudio((s) => s.viewport.scale);
  return (
    <aside className="panel shell__settings" aria-label="Settings">
      <PanelSection title="Image">
        {image ? (
          <>
            <PropertyRow label="File">
              <span className="ellipsis" title={image.name}>
                {image.name}
              </span>
            </PropertyRow>
            <PropertyRow label="Size">
              {image.width} × {image.height} px
            </PropertyRow>
          </>
        ) : (
          <p className="muted">No image open.</p>
        )}
      </PanelSection>
      <FramingPanel />
      <PanelSection title="View">
        <PropertyRow label="Zoom">
          <span data-testid="zoom-readout">{image ? formatZoom(scale) : '–'}</span>
        </PropertyRow>
        <div className="button-row">
          <button type="button" className="btn" disabled={!image} onClick={() => void runCommand('view.fit')}>
            Fit
          </button>
          <button
            type="button"
            className="btn"
            disabled={!image}
            onClick={() => void runCommand('view.actualSize')}
          >
            100%
          </button>
        </div>
      </PanelSection>
      <PointInspector />
      <DepthPanel />
      <GenerationSettings />
      <GenerateBar />
      <ComputePanel />
    </aside>
  );
}
