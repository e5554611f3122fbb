/**
 * Test utilities for segmentation and depth with the committed tiny random-weight models.
 *
 *   await installTinyModels(modelsDir)
 *     Installs tests/fixtures/sam2 (encoder.onnx + decoder.onnx, the 7-input decoder) as 'tiny-sam2'
 *     (role segmentation) and tests/fixtures/depth/model.onnx as 'tiny-depth' (role depth, transformers.js
 *     layout) into `modelsDir` through the real model manager (ModelService.install from a folder: copy,
 *     SHA-256, ONNX contract recognition, manifest.json written by the manager), and makes both the
 *     defaults of their roles. Then start the browser host with `--models-dir <modelsDir>` (or env
 *     LEVITOR_MODELS_DIR=<modelsDir>), or pass `modelsDir` to createStudioServices.
 *
 *   await bundleInferenceHost()
 *     Bundles the inference host (src-main/inference/host.ts) from source with esbuild and returns the .mjs
 *     path to fork (forkLauncher), so integration tests run the current host code whatever state out/ is in.
 *
 *   const studio = await startTinyStudio(modelsDir)
 *     createStudioServices + that host + recorded events; `studio.call(channel, payload)` goes through the
 *     dispatcher like the transports; `studio.grant(path, purpose)` is the handle a dialog would give.
 *     Dispose it in afterAll.
 *
 * The fixtures' images: tests/fixtures/sam2/images/{photo,portrait}.png; goldens under .../golden.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FilePurpose } from '../../src-shared/files/ipc';
import type { EventChannel, EventOf } from '../../src-shared/ipc/contract';
import { forkLauncher, InferenceClient } from '../../src-main/inference/client';
import { handleRequest } from '../../src-main/ipc/dispatcher';
import { createStudioServices, type StudioServices } from '../../src-main/services';
import { ModelService } from '../../src-main/services/models/service';
import { bundleChild } from './bundleChild';

export const TINY_SAM2_DIR = resolve(import.meta.dirname, '../fixtures/sam2');
export const TINY_DEPTH_DIR = resolve(import.meta.dirname, '../fixtures/depth');
export const TINY_SAM2_ID = 'tiny-sam2';
export const TINY_DEPTH_ID = 'tiny-depth';

export async function installTinyModels(modelsDir: string): Promise<void> {
  // The fixture folders also hold goldens, images and other graph variants: stage just the model files.
  const stage = await mkdtemp(join(tmpdir(), 'levitor-tiny-models-'));
  try {
    const service = new ModelService({ modelsDir });
    const sam = join(stage, TINY_SAM2_ID);
    await mkdir(sam);
    for (const f of ['encoder.onnx', 'decoder.onnx']) await copyFile(join(TINY_SAM2_DIR, f), join(sam, f));
    const depth = join(stage, TINY_DEPTH_ID);
    await mkdir(depth);
    await copyFile(join(TINY_DEPTH_DIR, 'model.onnx'), join(depth, 'model.onnx'));
    for (const [dir, id, role, name] of [
      [sam, TINY_SAM2_ID, 'segmentation', 'Tiny SAM2 (random weights, tests)'],
      [depth, TINY_DEPTH_ID, 'depth', 'Tiny Depth Anything V2 (random weights, tests)'],
    ] as const) {
      // No contract given: the manager recognises it from the ONNX inputs/outputs, as for a user's folder.
      const m = await service.install({ source: dir, id, name, replace: true });
      await service.setDefault(role, m.manifest.id);
    }
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** The inference host bundled from source (one file per test process: workers bundle in parallel). */
export function bundleInferenceHost(): Promise<string> {
  return bundleChild(
    resolve(import.meta.dirname, '../../src-main/inference/host.ts'),
    `inferenceHost-${process.pid}.mjs`,
  );
}

export interface TinyStudio {
  services: StudioServices;
  inference: InferenceClient;
  events: { channel: EventChannel; payload: unknown }[];
  /** Through the dispatcher (contract parsing, StudioError -> { code, message }), as the transports call it. */
  call<T>(channel: string, payload: unknown): Promise<T>;
  /** A handle for `path`, as main issues after the user chose it in a dialog (services/files). */
  grant(path: string, purpose: FilePurpose): string;
  dispose(): Promise<void>;
}

/**
 * createStudioServices with the real inference host (bundled from source) and a models folder, events
 * recorded: what the Electron main process and the browser host wire, minus the transport.
 */
export async function startTinyStudio(modelsDir: string): Promise<TinyStudio> {
  const launch = forkLauncher(await bundleInferenceHost());
  return studioWith(new InferenceClient({ launch, restartDelayMs: 50 }), modelsDir);
}

/** createStudioServices around `inference` (a host bundled from source, or the built one), events recorded. */
export function studioWith(inference: InferenceClient, modelsDir: string): TinyStudio {
  const events: TinyStudio['events'] = [];
  const services = createStudioServices({
    host: 'browser',
    version: 'test',
    assetUrl: (id) => `/asset/t/image/${id}`,
    inference,
    modelsDir,
    autosaveMs: 0,
    emit: <E extends EventChannel>(channel: E, payload: EventOf<E>) => void events.push({ channel, payload }),
  });
  return {
    services,
    inference,
    events,
    async call<T>(channel: string, payload: unknown): Promise<T> {
      const r = await handleRequest(services, channel, payload);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.result as T;
    },
    grant: (path, purpose) => services.files.grant(path, purpose).handle,
    dispose: () => services.dispose(),
  };
}
