export { computeControl, type ControlOptions, type ControlResult } from './computeControl';
export { ControlError, type ControlErrorCode } from './errors';
export { KmeansMemo, type Keypoint } from './keypoints';
export type { ControlScene, SceneObject, TrajectoryPoint } from './types';
