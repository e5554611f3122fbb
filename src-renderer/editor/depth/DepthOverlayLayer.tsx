import type Konva from 'konva';
import { useEffect, useMemo, useRef } from 'react';
import { Image as KonvaImage, Layer } from 'react-konva';
import { useStudio } from '../../state/store';
import { depthOverlay } from './overlayCanvas';
import { pickDepthMap } from './sceneDepth';
import { useDepthUi } from './depthUi';

/**
 * The depth map colour-mapped over the image (near = warm), at adjustable opacity. The map is coloured
 * into an offscreen canvas once per change (the brush patches it per dab) and Konva only scales it, so
 * pan and zoom cost one bitmap draw.
 */
export function DepthOverlayLayer() {
  const visible = useDepthUi((s) => s.overlay);
  const opacity = useDepthUi((s) => s.opacity);
  const image = useStudio((s) => s.document.image);
  const depthEdit = useStudio((s) => s.document.depthEdit);
  const est = useStudio((s) => s.depth);
  const map = useMemo(() => pickDepthMap(depthEdit, est, image?.imageId), [depthEdit, est, image?.imageId]);
  const layer = useRef<Konva.Layer>(null);
  useEffect(() => {
    if (!visible || !map) return;
    depthOverlay.render(map);
    layer.current?.batchDraw();
  }, [visible, map]);
  useEffect(() => {
    depthOverlay.onPatch = () => layer.current?.batchDraw();
    return () => {
      depthOverlay.onPatch = null;
    };
  }, []);
  if (!visible || !map || !image) return null;
  return (
    <Layer ref={layer} listening={false} opacity={opacity}>
      <KonvaImage
        image={depthOverlay.canvas}
        width={image.width}
        height={image.height}
        perfectDrawEnabled={false}
      />
    </Layer>
  );
}
