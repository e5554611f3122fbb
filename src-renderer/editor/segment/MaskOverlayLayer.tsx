import type Konva from 'konva';
import { useMemo } from 'react';
import { Image as KonvaImage, Layer } from 'react-konva';
import type { StudioDocument } from '../../state/documentSlice';
import { studioStore, useStudio } from '../../state/store';
import { Tool } from '../../state/uiSlice';
import { addObjectAndSelect } from '../objects/objectOps';
import { useCanvasPointer, type CanvasPointer } from './canvasPointer';
import { maskIndexAt, overlayCanvas, rasterSegments } from './maskRaster';
import { renderOverlay } from './overlayCache';
import { mergeOverlays } from './overlayComposite';
import { segmentUi, useSegmentUi } from './segmentUi';

/**
 * Object masks (each visible object in its colour, outlined) and the automatic segments overlay. Each
 * mask becomes an offscreen canvas once per change (overlayCache.ts, keyed by the immutable Mask), and the
 * visible ones are merged into one bitmap (overlayComposite.ts), so a frame scales a single overlay. The
 * layer does not listen: the Select tool reads clicks from the DOM and picks by mask pixels, which also
 * works for holes and thin parts.
 */
export function MaskOverlayLayer({
  stage,
  layerRef,
}: {
  stage: Konva.Stage | null;
  layerRef: (layer: Konva.Layer | null) => void;
}) {
  const objects = useStudio((s) => s.document.objects);
  const masks = useStudio((s) => s.document.masks);
  const image = useStudio((s) => s.document.image);
  const tool = useStudio((s) => s.tool);
  const segments = useStudio((s) => s.autoSegments);
  const showSegments = useSegmentUi((s) => s.showAutoSegments);
  const smooth = useStudio((s) => s.viewport.scale < 2);

  const segmentsCanvas = useMemo(() => {
    const px = rasterSegments(
      segments.map((s) => s.mask),
      segments.map((s) => s.area),
    );
    return px ? { canvas: overlayCanvas(px), step: px.step } : null;
  }, [segments]);

  useCanvasPointer(stage, tool === Tool.Select, { down: pickAt, up: () => undefined });

  // The first object in the list is drawn last, on top, like a layers panel.
  const shown = image ? objects.filter((o) => o.visible && masks[o.id]).reverse() : [];
  const parts = shown.map((o) => renderOverlay(masks[o.id]!, o.colour));
  const merged = mergeOverlays(parts);
  return (
    // Always mounted (empty without an image) so the editor can find the stage through it.
    <Layer ref={layerRef} listening={false} imageSmoothingEnabled={smooth}>
      {image && showSegments && segmentsCanvas && (
        <KonvaImage
          image={segmentsCanvas.canvas}
          width={segmentsCanvas.canvas.width * segmentsCanvas.step}
          height={segmentsCanvas.canvas.height * segmentsCanvas.step}
          perfectDrawEnabled={false}
        />
      )}
      {(merged ? [merged] : parts).map(({ canvas, step }, i) => (
        <KonvaImage
          key={i}
          image={canvas}
          width={canvas.width * step}
          height={canvas.height * step}
          perfectDrawEnabled={false}
        />
      ))}
    </Layer>
  );
}

/** Topmost visible object whose mask covers image pixel (x, y). */
export function objectAt(doc: StudioDocument, x: number, y: number): string | undefined {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  return doc.objects.find((o) => {
    const m = doc.masks[o.id];
    return o.visible && m && xi >= 0 && yi >= 0 && xi < m.width && yi < m.height && m.data[yi * m.width + xi];
  })?.id;
}

/**
 * Select tool press: an automatic segment (while that overlay is shown) becomes a new static object;
 * otherwise the object under the pointer is selected (nothing under it clears the selection).
 */
function pickAt(p: CanvasPointer): false {
  const s = studioStore.getState();
  if (segmentUi.getState().showAutoSegments && !p.shift) {
    const i = maskIndexAt(
      s.autoSegments.map((a) => a.mask),
      s.autoSegments.map((a) => a.area),
      p.image.x,
      p.image.y,
    );
    const seg = s.autoSegments[i];
    if (seg) {
      addObjectAndSelect({ kind: 'static', mask: seg.mask });
      return false;
    }
  }
  const id = objectAt(s.document, p.image.x, p.image.y);
  s.select(id ? [id] : []);
  return false;
}
