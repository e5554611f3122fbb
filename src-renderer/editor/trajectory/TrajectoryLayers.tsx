import type Konva from 'konva';
import { useCallback, useState } from 'react';
import { DepthBrushLayer } from '../depth/DepthBrushLayer';
import { TrajectoryLayer } from './TrajectoryLayer';

/** The trajectory paths and the depth brush cursor inside the studio stage (above the mask overlays). */
export function TrajectoryLayers() {
  const [stage, setStage] = useState<Konva.Stage | null>(null);
  const onLayer = useCallback((layer: Konva.Layer | null) => setStage(layer?.getStage() ?? null), []);
  return (
    <>
      <TrajectoryLayer stage={stage} layerRef={onLayer} />
      <DepthBrushLayer stage={stage} />
    </>
  );
}
