import { onnxRunTask } from './tasks/onnxRun';
import { svdGenerateHostTask } from './models/svd/tasks';
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
};
