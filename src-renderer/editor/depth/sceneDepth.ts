import type { StudioState } from '../../state/types';

export interface DepthMap {
  readonly width: number;
  readonly height: number;
  /** LeviTor Z0, row-major [H, W] float32. */
  readonly data: Float32Array;
}

/**
 * The depth the control signal uses: the painted Z0 when there is one, else the estimated Z0 of this
 * image (the same rule as the live preview and the generation: depthEdit ?? analysis.depth.z0).
 */
export function sceneDepthMap(s: Pick<StudioState, 'document' | 'depth'>): DepthMap | null {
  return pickDepthMap(s.document.depthEdit, s.depth, s.document.image?.imageId);
}

/** sceneDepthMap from its parts (for components that select them separately and memoise the result). */
export function pickDepthMap(
  depthEdit: DepthMap | null,
  est: StudioState['depth'],
  imageId: string | undefined,
): DepthMap | null {
  if (depthEdit) return depthEdit;
  if (!est || !imageId || est.imageId !== imageId) return null;
  return { width: est.width, height: est.height, data: est.z0 };
}

/** Depth-map cell under image point (x, y); the map may be smaller than the image (work resolution). */
export function mapCell(
  map: { width: number; height: number },
  imageWidth: number,
  imageHeight: number,
  x: number,
  y: number,
): { col: number; row: number } {
  const col = Math.min(map.width - 1, Math.max(0, Math.floor((x * map.width) / imageWidth)));
  const row = Math.min(map.height - 1, Math.max(0, Math.floor((y * map.height) / imageHeight)));
  return { col, row };
}

/** Scene depth Z0 under image point (x, y) (docs/levitor-method.md: "depth for reference" = Z0[y, x]), or null. */
export function sceneDepthAt(
  s: Pick<StudioState, 'document' | 'depth'>,
  x: number,
  y: number,
): number | null {
  const map = sceneDepthMap(s);
  const image = s.document.image;
  if (!map || !image) return null;
  const { col, row } = mapCell(map, image.width, image.height, x, y);
  const v = map.data[row * map.width + col];
  return v !== undefined && v > 0 ? v : null;
}
