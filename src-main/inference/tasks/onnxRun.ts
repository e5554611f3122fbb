import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import { nativeTurn } from '../nativeLane';
import { type TaskContext, throwIfCancelled } from '../taskContext';

const Input = z.object({
  dims: z.array(z.number().int().nonnegative()),
  data: z.union([z.instanceof(Float32Array), z.array(z.number())]),
});
const Payload = z.object({
  modelPath: z.string().min(1),
  inputs: z.record(z.string(), Input),
  /** Run the session this many times (progress after each, cancel checked between): a test and bench aid. */
  repeat: z.number().int().min(1).max(100_000).default(1),
});

export interface OnnxRunResult {
  outputs: Record<string, { dims: number[]; data: Float32Array }>;
  runs: number;
}

/** `onnx:run`: run a model file with named float32 inputs; returns float32 outputs. */
export async function onnxRunTask(ctx: TaskContext, raw: unknown): Promise<OnnxRunResult> {
  const p = Payload.parse(raw);
  const session = await ctx.sessions.get(p.modelPath, ctx.providers);
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(p.inputs)) {
    const data = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
    feeds[name] = new ort.Tensor('float32', data, t.dims);
  }
  const missing = session.inputNames.filter((n) => !(n in feeds));
  if (missing.length) throw new Error(`model ${p.modelPath} needs inputs [${missing.join(', ')}]`);
  let result: ort.InferenceSession.ReturnType = {};
  for (let i = 0; i < p.repeat; i++) {
    throwIfCancelled(ctx.signal);
    result = await nativeTurn(() => session.run(feeds));
    ctx.reportProgress(i + 1, p.repeat);
    // Yield so a cancel message queued during the run is handled before the next run.
    await new Promise((r) => setImmediate(r));
  }
  const outputs: OnnxRunResult['outputs'] = {};
  for (const [name, t] of Object.entries(result)) {
    if (t.type !== 'float32') throw new Error(`output ${name} is ${t.type}; onnx:run returns float32 only`);
    outputs[name] = { dims: [...t.dims], data: Float32Array.from(t.data as Float32Array) };
    t.dispose();
  }
  return { outputs, runs: p.repeat };
}
