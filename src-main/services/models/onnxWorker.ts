/**
 * Worker-thread entry (built to out/main/onnxWorker.js): reads the .onnx files named in workerData with
 * inspectOnnx and posts the results. It runs under resourceLimits set by onnxIsolated.ts, so a crafted
 * graph can exhaust only this thread's small heap, never the main process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { inspectOnnx } from './onnxGraphInfo';
import type { OnnxLimits } from './onnxProto';
import type { WorkerReply } from './onnxIsolated';

const { paths, limits } = workerData as { paths: string[]; limits: OnnxLimits };
const replies: WorkerReply[] = paths.map((path) => {
  try {
    return { ok: true, inspection: inspectOnnx(path, limits) };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { ok: false, message: e instanceof Error ? e.message : String(e), ...(code ? { code } : {}) };
  }
});
parentPort?.postMessage(replies);
