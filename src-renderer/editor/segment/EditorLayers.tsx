import type Konva from 'konva';
import { useCallback, useEffect, useState } from 'react';
import { useStudio } from '../../state/store';
import { useSegmentUi } from './segmentUi';
import { BrushLayer } from './BrushLayer';
import { MaskOverlayLayer } from './MaskOverlayLayer';
import { SegmentToolLayer } from './SegmentToolLayer';

/**
 * The editor's Konva layers inside the studio stage: mask overlays (static between edits) and the light
 * tool layers (prompt markers, brush cursor) that redraw on pointer moves without touching the masks.
 */
export function EditorLayers() {
  const [stage, setStage] = useState<Konva.Stage | null>(null);
  const onLayer = useCallback((layer: Konva.Layer | null) => setStage(layer?.getStage() ?? null), []);
  const tool = useStudio((s) => s.tool);
  const busy = useSegmentUi((s) => s.busy);
  useEffect(() => {
    // Cursor feedback per tool: editor.css maps these attributes to cursors (panning overrides them).
    if (!stage) return;
    const el = stage.container();
    el.dataset.tool = tool;
    el.dataset.busy = String(busy);
  }, [stage, tool, busy]);
  return (
    <>
      <MaskOverlayLayer stage={stage} layerRef={onLayer} />
      <SegmentToolLayer stage={stage} />
      <BrushLayer stage={stage} />
    </>
  );
}
