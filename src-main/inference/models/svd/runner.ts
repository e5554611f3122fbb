import * as ort from 'onnxruntime-node';
import { precisionMismatch } from '../../../../src-shared/models/videoPrecision';
import { createCheckedSession } from '../../checkedSession';
import { nativeTurn } from '../../nativeLane';
import type { SvdGraphName, SvdPack } from './manifest';
import { PHASE_GRAPHS, type SvdPhase } from './phases';
import { svdSessionOptions, type SvdSessionOptionsFor } from './sessionOptions';

export interface NamedTensor {
  data: Float32Array;
  dims: readonly number[];
}

const GRAPHS: readonly SvdGraphName[] = ['imageEncoder', 'vaeEncoder', 'denoiser', 'vaeDecoder'];

/**
 * When the sessions give their native memory back (README.md, "Memory between phases").
 * - 'per-phase' (default): a phase's sessions are released as soon as the phase ends (both encoders after
 *   encoding, the denoiser after its last step, the decoder after decoding). onnxruntime's arenas (CPU and
 *   CUDA alike) keep every byte a session ever used until the session goes, and onnxruntime-node 1.23 can
 *   neither shrink an arena from JS (its RunOptions carry no config entries) nor pick the CUDA arena's extend
 *   strategy: releasing is the one way to let the decoder use what the denoiser held. A released graph is
 *   opened again when it is next run, so a second generation on the same sessions pays the loading again.
 * - 'per-job': all four stay open until `release()`: for benches and servers that run generations back to
 *   back and have the memory for the sum of the phases.
 */
export type SvdMemoryPolicy = 'per-phase' | 'per-job';

export interface SvdOpenOptions {
  memory?: SvdMemoryPolicy;
  /** Session options per graph (default svdSessionOptions); the diffusion bench passes onnxruntime's
   * defaults to measure what these options change. */
  sessionOptions?: SvdSessionOptionsFor;
}

/**
 * The four pack sessions, loaded by path (weights never pass through JS). `run` checks feed names against
 * the graph and reports shapes on failure; `phaseDone` applies the memory policy; `release` frees all native
 * memory (call it after every job).
 */
export class SvdSessions {
  /** Milliseconds spent inside the last session.run (the bench splits steps with it). */
  lastRunMs = 0;
  /** Set by release(): nothing is opened again after it. */
  private closed = false;

  private constructor(
    private readonly sessions: Map<SvdGraphName, ort.InferenceSession>,
    readonly providers: readonly string[],
    private readonly openGraph: GraphOpener,
    readonly memory: SvdMemoryPolicy,
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
  static async open(
    pack: SvdPack,
    providers: readonly string[] = ['cpu'],
    options: SvdOpenOptions = {},
  ): Promise<SvdSessions> {
    const memory = options.memory ?? 'per-phase';
    const optionsFor = options.sessionOptions ?? svdSessionOptions;
    const openGraph: GraphOpener = (name, on) =>
      createCheckedSession(pack.graphPath(name), optionsFor(name, on));
    let s: SvdSessions;
    try {
      s = new SvdSessions(await openAll(openGraph, providers), providers, openGraph, memory);
    } catch (err) {
      if (providers.every((p) => p === 'cpu')) throw withPrecisionHint(err, pack, providers);
      s = new SvdSessions(
        await openAll(openGraph, ['cpu']).catch((e: unknown) => {
          throw withPrecisionHint(e, pack, ['cpu']);
        }),
        ['cpu'],
        openGraph,
        memory,
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
    if (this.closed) throw new Error(`svd: session ${name} is released`);
    const session = this.sessions.get(name) ?? (await this.reopen(name));
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

  /** The graphs whose sessions are open now (the memory policy's tests and benches read it). */
  openGraphs(): SvdGraphName[] {
    return GRAPHS.filter((g) => this.sessions.has(g));
  }

  /** The pipeline calls this when `phase` has run its last graph: 'per-phase' releases its sessions. */
  async phaseDone(phase: SvdPhase): Promise<void> {
    if (this.memory !== 'per-phase') return;
    for (const name of PHASE_GRAPHS[phase]) {
      const s = this.sessions.get(name);
      this.sessions.delete(name);
      await s?.release();
    }
  }

  async release(): Promise<void> {
    this.closed = true;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await s.release();
  }

  /** A graph released at the end of its phase, run again (the next generation): opened on the providers
   * this object settled on (a CPU fallback stays CPU). */
  private async reopen(name: SvdGraphName): Promise<ort.InferenceSession> {
    const session = await this.openGraph(name, this.providers);
    if (this.closed) {
      await session.release();
      throw new Error(`svd: session ${name} is released`);
    }
    this.sessions.set(name, session);
    return session;
  }
}

/** A session that cannot open gets the precision advice in its message when the precision is why. */
function withPrecisionHint(err: unknown, pack: SvdPack, providers: readonly string[]): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  const note = precisionMismatch(pack.manifest.precision.weights, providers);
  return note ? new Error(`${e.message.split('\n')[0]} (${note})`) : e;
}

type GraphOpener = (name: SvdGraphName, providers: readonly string[]) => Promise<ort.InferenceSession>;

async function openAll(
  openGraph: GraphOpener,
  providers: readonly string[],
): Promise<Map<SvdGraphName, ort.InferenceSession>> {
  const map = new Map<SvdGraphName, ort.InferenceSession>();
  try {
    for (const name of GRAPHS) map.set(name, await openGraph(name, providers));
  } catch (err) {
    for (const s of map.values()) await s.release();
    throw err;
  }
  return map;
}
