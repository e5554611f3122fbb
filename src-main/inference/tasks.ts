import { controlComputeTask } from './tasks/controlCompute';
import { onnxRunTask } from './tasks/onnxRun';
import { depthEstimateHostTask } from './models/depth/tasks';
import { sam2AutoHostTask, sam2DecodeHostTask, sam2EncodeHostTask } from './models/sam2/tasks';
import { svdGenerateHostTask } from './models/svd/tasks';
import type { Urgency } from './nativeLane';
import type { TaskHandler } from './taskContext';

export type { TaskContext, TaskHandler } from './taskContext';
export { TaskCancelled, throwIfCancelled } from './taskContext';

/**
 * Task name -> handler. Model helpers register theirs here with one line each
 * (e.g. `'depth:estimate': depthEstimateTask`). Handlers validate their own payloads.
 */
export const tasks: Record<string, TaskHandler> = {
  'onnx:run': onnxRunTask,
  'svd:generate': svdGenerateHostTask,
  'sam2:encode': sam2EncodeHostTask,
  'sam2:decode': sam2DecodeHostTask,
  'sam2:auto': sam2AutoHostTask,
  'depth:estimate': depthEstimateHostTask,
  'control:compute': controlComputeTask,
};

/**
 * What waits for what (priority.ts, nativeLane.ts). What the artist is waiting on now is interactive, most
 * urgent first: the open image's embedding (every click needs it), then clicks, then depth and the rest;
 * automatic masks, control frames and generations are background and give way between their chunks.
 * Unlisted: 'interactive'.
 */
export const taskUrgency: Record<string, Urgency> = {
  'sam2:encode': 'embedding',
  'sam2:decode': 'click',
  'sam2:auto': 'background',
  'control:compute': 'background',
  'svd:generate': 'background',
};
