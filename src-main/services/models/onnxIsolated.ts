import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { recogniseModel, type GraphInfo } from '../../../src-shared/models/contracts';
import { ModelError, type ModelErrorCode } from './errors';
import { checkExternalData } from './externalData';
import type { LocalFile } from './fsutil';
import type { ContractRecognizer } from './install';
import { inspectOnnx, type OnnxInspection } from './onnxGraphInfo';
import { defaultOnnxLimits, type OnnxLimits } from './onnxProto';

export type WorkerReply =
  { ok: true; inspection: OnnxInspection } | { ok: false; message: string; code?: string };

/**
 * Bounds for reading graphs in the main process's stead: the parse limits (onnxProto.ts) inside a worker
 * thread whose heap is capped and which is terminated after a deadline. The worst file costs the
 * worker's heap (128 MB) and timeMs, and the app keeps running.
 */
export interface IsolationOptions {
  limits?: OnnxLimits | undefined;
  heapMb?: number | undefined;
  /** For all the files of one call (the parse limit applies per file as well). */
  timeMs?: number | undefined;
  /** The built worker; by default onnxWorker.js beside the running bundle. */
  workerFile?: string | undefined;
}

export const defaultIsolation = { heapMb: 128, timeMs: 60_000 };

/**
 * The bundle's worker file (out/main/onnxWorker.js). Undefined when running from TypeScript sources
 * (vitest), where there is no built worker: the same bounded parse then runs in the calling thread.
 */
function bundledWorker(): string | undefined {
  if (import.meta.url.endsWith('.ts')) return undefined;
  // This code sits in out/main/ or in a shared chunk under out/main/chunks/; the worker entry is in out/main.
  const candidates = [
    join(import.meta.dirname, 'onnxWorker.js'),
    join(import.meta.dirname, '..', 'onnxWorker.js'),
  ];
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new ModelError('invalid', `the graph reader ${candidates[0]} is missing (broken install)`);
  return file;
}

function toError(r: Extract<WorkerReply, { ok: false }>): ModelError {
  const code = (r.code ?? 'invalid') as ModelErrorCode;
  return new ModelError(code, r.message);
}

/** Inspects every path (in one worker) and returns the results in order; the first refusal throws. */
export async function inspectOnnxIsolated(
  paths: readonly string[],
  opts: IsolationOptions = {},
): Promise<OnnxInspection[]> {
  if (paths.length === 0) return [];
  const limits = opts.limits ?? defaultOnnxLimits;
  const file = opts.workerFile ?? bundledWorker();
  if (!file) return paths.map((p) => inspectOnnx(p, limits));
  const heapMb = opts.heapMb ?? defaultIsolation.heapMb;
  const timeMs = opts.timeMs ?? defaultIsolation.timeMs;
  const replies = await new Promise<WorkerReply[]>((resolve, reject) => {
    const worker = new Worker(file, {
      workerData: { paths: [...paths], limits },
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(
        new ModelError('invalid', `reading the model's graphs took longer than ${timeMs / 1000} s; refused`),
      );
    }, timeMs);
    worker.once('message', (m: WorkerReply[]) => {
      clearTimeout(timer);
      resolve(m);
    });
    worker.once('error', (e: Error & { code?: string }) => {
      clearTimeout(timer);
      reject(
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ModelError('invalid', `reading the model's graphs needed more than ${heapMb} MB; refused`)
          : e,
      );
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      reject(new ModelError('invalid', `the graph reader stopped (exit code ${code}) before answering`));
    });
  });
  return replies.map((r) => {
    if (!r.ok) throw toError(r);
    return r.inspection;
  });
}

/**
 * Every .onnx among an install's files: read in isolation, then each external-data location proven to
 * be a regular file inside the graph's folder. Returns the graphs' input/output descriptions (labelled
 * by their path in the model) for contract recognition.
 */
export async function checkModelGraphs(
  files: readonly LocalFile[],
  opts?: IsolationOptions,
): Promise<GraphInfo[]> {
  const graphs = files.filter((f) => f.path.toLowerCase().endsWith('.onnx'));
  const found = await inspectOnnxIsolated(
    graphs.map((g) => g.absPath),
    opts,
  );
  const infos: GraphInfo[] = [];
  for (const [i, g] of graphs.entries()) {
    await checkExternalData(g.absPath, found[i]!.externalData);
    infos.push({ ...found[i]!.info, label: g.path });
  }
  return infos;
}

/**
 * The default contract recogniser: the graphs' input/output names and dims matched by
 * src-shared/models/contracts. A refusal becomes an 'unrecognized' error carrying its message (what was
 * expected, what was found). Files with no .onnx leave the decision to an explicit contract.
 */
export const onnxRecognizer: ContractRecognizer = async (files, graphs) => {
  const infos = graphs ?? (await checkModelGraphs(files));
  if (infos.length === 0) return undefined;
  const r = recogniseModel(infos);
  if (!r.ok) throw new ModelError('unrecognized', r.message);
  return r.model.contract;
};
