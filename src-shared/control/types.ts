/** In-memory control scene (what `levitor control` and the project file hand to the engine). */
export interface TrajectoryPoint {
  x: number; // integer column in [0, W)
  y: number; // integer row in [0, H)
  depth: number; // LeviTor depth in (0, 1], smaller = nearer
}

export interface SceneObject {
  name?: string;
  kind: 'moving' | 'static';
  /** uint8 [H*W], > 0 inside */
  mask: Uint8Array;
  trajectory?: readonly TrajectoryPoint[];
}

export interface ControlScene {
  width: number;
  height: number;
  frames: number;
  pointsRatio: number;
  /** disparity: network output at W x H (section 1 applies); z0: LeviTor Z0 directly. float32 [H*W] */
  depth: { kind: 'disparity' | 'z0'; data: Float32Array };
  objects: readonly SceneObject[];
  /** in the order the segmenter returned them (predicted IoU descending) */
  autoMasks: readonly Uint8Array[];
  /** reference quirks (uint8 id wrap); default true */
  parity?: boolean;
}
