import {
  frameToImage,
  framePixel,
  imageToFrame,
  placeFrame,
  type Framing,
  type Placement,
  type Size,
} from '../../../src-shared/image/framing';
import { parseResolution } from '../../preview/buildScene';

/**
 * Trajectory points outside the generation frame (a crop leaves part of the image out; a point may also
 * lie off the image). The control engine needs frame pixels, so such a point drives the frame pixel
 * nearest to it (framing.ts `framePixel`): the object is pulled to the frame's edge there. This says
 * where, in image pixels (the centre of that edge pixel), so the canvas and the inspector can show it.
 */
export interface ClampedPoint {
  /** where the control signal puts the point instead, in image pixels */
  readonly x: number;
  readonly y: number;
}

export function placementOf(image: Size, resolution: string, framing: Framing): Placement {
  return placeFrame(image, parseResolution(resolution), framing);
}

/** null for a point inside the frame, else where it is clamped to. */
export function clampedPoint(p: { x: number; y: number }, pl: Placement): ClampedPoint | null {
  const f = imageToFrame(p, pl);
  if (f.x >= 0 && f.y >= 0 && f.x < pl.width && f.y < pl.height) return null;
  const px = framePixel(p, pl);
  return frameToImage({ x: px.x + 0.5, y: px.y + 0.5 }, pl);
}

/** "left and top edges": which frame edges a clamped point was pulled to. */
export function clampedEdges(p: { x: number; y: number }, pl: Placement): string {
  const f = imageToFrame(p, pl);
  const edges = [
    f.x < 0 ? 'left' : f.x >= pl.width ? 'right' : '',
    f.y < 0 ? 'top' : f.y >= pl.height ? 'bottom' : '',
  ].filter(Boolean);
  return edges.length === 2 ? `${edges[0]} and ${edges[1]} edges` : `${edges[0] ?? ''} edge`;
}
