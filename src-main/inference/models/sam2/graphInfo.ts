import type * as ort from 'onnxruntime-node';
import { nativeTurn } from '../../nativeLane';

/**
 * Session options for the segmentation/depth graphs. Intra-op threads do not spin while idle: the inference
 * process shares a few cores with the UI, and on this 2-core machine spinning made a SAM2 decode ~25% slower
 * (236/199 ms vs 161/150 ms, bench decoder with load from other processes).
 *
 * `oncePerImage` (image encoders, depth): no CPU memory arena. An arena keeps the peak of every run for the
 * session's life and, with memory patterns, adds a second block for the planned layout on the next run: the
 * full-size SAM2.1-tiny encoder held 1.1 GB after one image and 1.65 GB after two. Without it what a run
 * needed goes back to the system after the run (0.65 GB held with encoder, decoder and depth open). The
 * decoder, run per click and a thousand times per automatic-mask pass, keeps its (small) arena.
 */
export function sessionOptions(
  providers: readonly string[],
  use: { oncePerImage?: boolean } = {},
): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [...providers],
    ...(use.oncePerImage ? { enableCpuMemArena: false } : {}),
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}
import type { GraphInfo, ValueInfo } from '../../../../src-shared/models/contracts';

/** Names and dims of a loaded session, in the shape src-shared/models/contracts recognises. */
export function sessionGraphInfo(session: ort.InferenceSession, label: string): GraphInfo {
  const conv = (m: readonly ort.InferenceSession.ValueMetadata[]): ValueInfo[] =>
    m.map((v) => (v.isTensor ? { name: v.name, dims: [...v.shape] } : { name: v.name }));
  return { label, inputs: conv(session.inputMetadata), outputs: conv(session.outputMetadata) };
}

/**
 * session.run with the feed names checked first and every shape named when the run fails. `fetches`: only
 * these outputs, so onnxruntime skips the nodes that only feed the others.
 */
export async function runChecked(
  session: ort.InferenceSession,
  what: string,
  feeds: Record<string, ort.Tensor>,
  fetches?: readonly string[],
): Promise<ort.InferenceSession.OnnxValueMapType> {
  const expected = [...session.inputNames].sort();
  const given = Object.keys(feeds).sort();
  if (expected.join() !== given.join()) {
    throw new Error(`${what}: graph inputs are [${expected.join(', ')}], got [${given.join(', ')}]`);
  }
  try {
    // One native run at a time, most urgent first (nativeLane.ts).
    return await nativeTurn(() => (fetches ? runFetches(session, feeds, fetches) : session.run(feeds)));
  } catch (err) {
    const shapes = Object.entries(feeds).map(([k, t]) => `${k}[${t.dims.join(',')}]`);
    throw new Error(`${what} failed on ${shapes.join(' ')}: ${(err as Error).message}`);
  }
}

export function float32Output(
  out: ort.InferenceSession.OnnxValueMapType,
  name: string,
  what: string,
): ort.Tensor {
  const t = out[name];
  if (!t || t.type !== 'float32') throw new Error(`${what}: expected a float32 output ${name}`);
  return t;
}

/**
 * session.run with fetches, working around onnxruntime-node <= 1.23 keying the results by the graph's first
 * output names instead of the fetched ones (microsoft/onnxruntime#26865, fixed by #26939): fetch in graph
 * order, and when the keys are not the fetched names, pair the values (returned in fetch order) with them.
 */
async function runFetches(
  session: ort.InferenceSession,
  feeds: Record<string, ort.Tensor>,
  fetches: readonly string[],
): Promise<ort.InferenceSession.OnnxValueMapType> {
  const order = session.outputNames;
  const wanted = [...fetches].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const out = await session.run(feeds, wanted);
  const keys = Object.keys(out);
  if (keys.length === wanted.length && wanted.every((n) => n in out)) return out;
  const values = Object.values(out);
  return Object.fromEntries(wanted.map((n, i) => [n, values[i]])) as ort.InferenceSession.OnnxValueMapType;
}
