import * as ort from 'onnxruntime-node';
import { precisionMismatch } from '../../../../src-shared/models/videoPrecision';
import { createCheckedSession } from '../../checkedSession';
import { nativeTurn } from '../../nativeLane';
import type { SvdGraphName, SvdPack } from './manifest';

export interface NamedTensor {
  data: Float32Array;
  dims: readonly number[];
}

const GRAPHS: readonly SvdGraphName[] = ['imageEncoder', 'vaeEncoder', 'denoiser', 'vaeDecoder'];

/**
 * The four pack sessions, loaded by path (weights never pass through JS). `run` checks feed names against
 * the graph and reports shapes on failure; `release` frees native memory (call it after every job).
 */
export class SvdSessions {
  /** Milliseconds spent inside the last session.run (the bench splits steps with it). */
  lastRunMs = 0;

  private constructor(
    private readonly sessions: Map<SvdGraphName, ort.InferenceSession>,
    readonly providers: readonly string[],
  ) {}

  /**
   * Why the requested providers were dropped for CPU (e.g. the CUDA libraries failed to load), and what
   * the pack's precision means on the providers it runs on (videoPrecision.ts), for the job's notes.
   */
  fallbackReason: string | undefined;

  /**
   * Opens the four graphs with `providers`; if that fails and they were not CPU only, falls back to CPU
   * (docs/model-contracts.md: the app must fall back when the CUDA provider fails to load) and says why.
   */
  static async open(pack: SvdPack, providers: readonly string[] = ['cpu']): Promise<SvdSessions> {
    let s: SvdSessions;
    try {
      s = new SvdSessions(await openAll(pack, providers), providers);
    } catch (err) {
      if (providers.every((p) => p === 'cpu')) throw withPrecisionHint(err, pack, providers);
      s = new SvdSessions(
        await openAll(pack, ['cpu']).catch((e: unknown) => {
          throw withPrecisionHint(e, pack, ['cpu']);
        }),
        ['cpu'],
      );
      s.fallbackReason = `${providers.join(',')} failed, using cpu: ${(err as Error).message.split('\n')[0]}`;
    }
    // A float16 pack on the CPU, a float32 one on a GPU: it runs, but the user should know why it is slow
    // or why a smaller GPU runs out of memory, and what to reinstall.
    const note = precisionMismatch(pack.manifest.precision.weights, s.providers);
    if (note) s.fallbackReason = s.fallbackReason ? `${s.fallbackReason}; ${note}` : note;
    return s;
  }

  /** Runs graph `name`; returns its first output as float32 (all pack I/O is float32). */
  async run(name: SvdGraphName, feeds: Record<string, NamedTensor>): Promise<Float32Array> {
    const session = this.sessions.get(name);
    if (!session) throw new Error(`svd: session ${name} is released`);
    const expected = [...session.inputNames].sort();
    const given = Object.keys(feeds).sort();
    if (expected.join() !== given.join()) {
      throw new Error(`svd ${name}: graph inputs are [${expected.join(', ')}], got [${given.join(', ')}]`);
    }
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [k, t] of Object.entries(feeds)) ortFeeds[k] = new ort.Tensor('float32', t.data, t.dims);
    let result: ort.InferenceSession.OnnxValueMapType;
    const t0 = performance.now();
    try {
      result = await nativeTurn(() => session.run(ortFeeds));
      this.lastRunMs = performance.now() - t0;
    } catch (err) {
      const shapes = Object.entries(feeds).map(([k, t]) => `${k}[${t.dims.join(',')}]`);
      throw new Error(`svd ${name} failed on ${shapes.join(' ')}: ${(err as Error).message}`);
    }
    const out = result[session.outputNames[0] ?? ''];
    if (!out || out.type !== 'float32') throw new Error(`svd ${name}: expected a float32 output`);
    return out.data as Float32Array;
  }

  async release(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await s.release();
  }
}

/** A session that cannot open gets the precision advice in its message when the precision is why. */
function withPrecisionHint(err: unknown, pack: SvdPack, providers: readonly string[]): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  const note = precisionMismatch(pack.manifest.precision.weights, providers);
  return note ? new Error(`${e.message.split('\n')[0]} (${note})`) : e;
}

async function openAll(
  pack: SvdPack,
  providers: readonly string[],
): Promise<Map<SvdGraphName, ort.InferenceSession>> {
  const map = new Map<SvdGraphName, ort.InferenceSession>();
  try {
    for (const name of GRAPHS) {
      map.set(name, await createCheckedSession(pack.graphPath(name), { executionProviders: [...providers] }));
    }
  } catch (err) {
    for (const s of map.values()) await s.release();
    throw err;
  }
  return map;
}
