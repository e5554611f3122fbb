import * as ort from 'onnxruntime-node';
import { nativeTurn } from './nativeLane';
import { checkExternalData } from '../services/models/externalData';
import { inspectOnnx } from '../services/models/onnxGraphInfo';

/**
 * The only way the inference host opens a model file. Before onnxruntime sees it: the file must be a
 * regular file, its structure must read within the parse limits, and every external-data location in
 * every graph must stay in the graph's own folder (no "..", no absolute path, no symlink out, no
 * device). Checked at every load, not only at install: the models folder can change in between.
 */
export async function createCheckedSession(
  modelPath: string,
  options: ort.InferenceSession.SessionOptions,
): Promise<ort.InferenceSession> {
  const { externalData } = inspectOnnx(modelPath);
  await checkExternalData(modelPath, externalData);
  // Building a session blocks the thread for up to seconds: it waits its turn like a run (nativeLane.ts).
  return nativeTurn(() => ort.InferenceSession.create(modelPath, options));
}
