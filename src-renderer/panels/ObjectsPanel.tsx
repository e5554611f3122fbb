import { useStudio } from '../state/store';
import { PanelSection } from './Panel';

export function ObjectsPanel() {
  const hasImage = useStudio((s) => s.document.image !== null);
  return (
    <aside className="panel shell__objects" aria-label="Objects">
      <PanelSection
        title="Objects"
        actions={
          <button
            type="button"
            className="btn btn--ghost btn--icon"
            disabled
            aria-label="Add object"
            title={hasImage ? 'Segmenting objects arrives with the editor' : 'Open an image first'}
          >
            +
          </button>
        }
      >
        <div className="panel-empty">
          <p>{hasImage ? 'No objects yet.' : 'Open an image to begin.'}</p>
          <p className="muted">
            Objects you segment with a few clicks are listed here, each moving along its own 3D path or held
            still.
          </p>
        </div>
      </PanelSection>
    </aside>
  );
}
