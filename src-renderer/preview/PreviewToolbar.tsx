import { useEffect } from 'react';
import { useStudio } from '../state/store';
import { PreviewController } from './previewController';
import { previewStore, usePreview, PreviewMode } from './previewStore';
import { installPreviewTestHook } from './testHook';
import './preview.css';

installPreviewTestHook();

const MODES: readonly { mode: PreviewMode; label: string; title: string }[] = [
  { mode: PreviewMode.off, label: 'Off', title: 'Hide the control preview' },
  {
    mode: PreviewMode.points,
    label: 'Points',
    title: 'Control points per frame, coloured by object, sized by depth',
  },
  { mode: PreviewMode.animatic, label: 'Animatic', title: '2.5D animatic: objects carried by their 3D move' },
];

function statusText(status: string, message: string | null, hasObjects: boolean): string | null {
  if (status === 'no-depth') return 'Waiting for the depth map';
  if (status === 'error') return message ?? 'The preview failed';
  if (status === 'ready' && !hasObjects) return 'Add an object with a path to see it move';
  return null;
}

/**
 * Floating control-preview switch over the canvas (Off / Points / Animatic) with the preview's state.
 * Owns the preview controller (worker + recompute after edits) for as long as the studio is open.
 */
export function PreviewToolbar() {
  const mode = usePreview((p) => p.mode);
  const status = usePreview((p) => p.status);
  const message = usePreview((p) => p.message);
  const hasImage = useStudio((s) => s.document.image !== null);
  const hasObjects = useStudio((s) => s.document.objects.length > 0);
  useEffect(() => {
    const c = new PreviewController();
    c.start();
    return () => c.dispose();
  }, []);
  if (!hasImage) return null;
  const note = mode === PreviewMode.off ? null : statusText(status, message, hasObjects);
  return (
    <div
      className="preview-toolbar"
      role="toolbar"
      aria-label="Control preview"
      data-testid="preview-toolbar"
    >
      <span className="preview-toolbar__label">Preview</span>
      {MODES.map((m) => (
        <button
          key={m.mode}
          type="button"
          className={`preview-toolbar__mode preview-toolbar__mode--${m.mode}${mode === m.mode ? ' preview-toolbar__mode--on' : ''}`}
          aria-pressed={mode === m.mode}
          title={m.title}
          onClick={() => previewStore.getState().setMode(m.mode)}
        >
          {m.label}
        </button>
      ))}
      {status === 'computing' && mode !== PreviewMode.off && (
        <span className="preview-toolbar__busy" aria-label="Updating preview" />
      )}
      {note && (
        <span
          className={`preview-toolbar__note${status === 'error' ? ' preview-toolbar__note--error' : ''}`}
          role="status"
        >
          {note}
        </span>
      )}
    </div>
  );
}
