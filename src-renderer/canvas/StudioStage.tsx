import { useEffect, useMemo } from 'react';
import { Image as KonvaImage, Layer, Rect, Stage } from 'react-konva';
import { studioStore, useStudio } from '../state/store';
import { sourceFor, useImageElement } from './useImageElement';
import { PreviewLayer } from '../preview/PreviewLayer';
import { EditorLayers } from '../editor/segment/EditorLayers';
import { DepthOverlayLayer } from '../editor/depth/DepthOverlayLayer';
import { TrajectoryLayers } from '../editor/trajectory/TrajectoryLayers';
import { FrameLayer } from '../editor/framing/FrameLayer';

/**
 * The Konva stage. The viewport lives in the store and is applied as the stage transform, so every layer
 * shares it. The image layer does not listen for events and is not cached by Konva: it draws a decoded
 * bitmap, zoomed out a halved copy of it (useImageElement), which is already the cheapest thing to draw.
 */
export function StudioStage() {
  const size = useStudio((s) => s.stageSize);
  const vp = useStudio((s) => s.viewport);
  const docImage = useStudio((s) => s.document.image);
  const load = useImageElement(docImage?.url);

  useImageTask(load.status, docImage?.name);
  // The same element every render: a pan re-renders this component per pointer move, and the overlay
  // layers (which subscribe to what they need themselves) would otherwise all re-render with it.
  const overlays = useMemo(
    () => (
      <>
        <DepthOverlayLayer />
        <FrameLayer />
        <EditorLayers />
        <TrajectoryLayers />
        <PreviewLayer />
      </>
    ),
    [],
  );

  if (size.width === 0 || size.height === 0) return null;
  const ready = load.status === 'ready' && docImage ? load.image : null;
  return (
    <Stage width={size.width} height={size.height} scaleX={vp.scale} scaleY={vp.scale} x={vp.x} y={vp.y}>
      {/* Above 200% pixels are shown as crisp squares so artists can judge edges. */}
      <Layer listening={false} imageSmoothingEnabled={vp.scale < 2}>
        {ready && docImage && (
          <>
            <Rect
              x={-1 / vp.scale}
              y={-1 / vp.scale}
              width={docImage.width + 2 / vp.scale}
              height={docImage.height + 2 / vp.scale}
              fill="#2d323b"
              perfectDrawEnabled={false}
            />
            <KonvaImage
              image={sourceFor(
                ready,
                load.status === 'ready' ? load.levels : [],
                vp.scale * devicePixelRatio,
              )}
              width={docImage.width}
              height={docImage.height}
              perfectDrawEnabled={false}
            />
          </>
        )}
      </Layer>
      {overlays}
    </Stage>
  );
}

/** Shows "Decoding" while a large image is prepared and reports images the page cannot display. */
function useImageTask(status: string, name: string | undefined): void {
  useEffect(() => {
    const { setTask, pushNotice } = studioStore.getState();
    if (status === 'loading') setTask({ label: `Decoding ${name ?? 'image'}…`, fraction: null });
    else setTask(null);
    if (status === 'error') {
      pushNotice({
        level: 'error',
        title: 'The image could not be displayed',
        detail: `${name ?? 'The file'} was accepted but the page could not decode it. Try re-saving it as PNG.`,
      });
    }
  }, [status, name]);
}
