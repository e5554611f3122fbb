import type { EventChannel, EventOf } from '../../../src-shared/ipc/contract';
import { computeControl, type ControlScene } from '../../../src-shared/control';
import type { InferenceClient } from '../../inference/client';
import type { ControlComputeResult } from '../../inference/tasks/controlCompute';
import type { AssetStore } from '../images/assetStore';
import type { AssetUrl } from '../images/imageService';
import type { ModelRegistry } from '../models/registry';
import type { ProjectService } from '../projects';
import { createGenerationHandlers } from './handlers';
import { withTakeFrames } from './projectFrames';
import { GenerationQueue } from './queue';
import { TakeStore } from './takeStore';
import type { RemoteServer } from '../remote/url';
import type { UploadStore } from '../uploads';

export * from './errors';
export * from './queue';
export * from './scene';
export * from './takeStore';

/** The generation queue, its take store and the `generation:*` handlers, wired for createStudioServices. */
export function createGeneration(opts: {
  inference: InferenceClient | undefined;
  registry: ModelRegistry;
  assets: AssetStore;
  assetUrl: AssetUrl;
  projects: ProjectService;
  /** Depth maps sent ahead of a scene (upload:piece). */
  uploads: Pick<UploadStore, 'takeBlob'>;
  emit: <E extends EventChannel>(channel: E, payload: EventOf<E>) => void;
  /** Settings -> Compute: the Triton server generations go to, or null to run them here. */
  remote?: () => Promise<RemoteServer | null>;
}) {
  const takes = new TakeStore(opts.assets, opts.assetUrl, opts.projects);
  const queue = new GenerationQueue({
    inference: opts.inference,
    registry: opts.registry,
    assets: opts.assets,
    takes,
    onJob: (job) => opts.emit('generation:job', job),
    onOrder: (ids) => opts.emit('generation:order', { ids }),
    ...(opts.remote ? { remote: opts.remote } : {}),
  });
  return {
    queue,
    takes,
    /** The control engine in the inference host (or here when this process has none). */
    computeControl: async (scene: ControlScene, frames: number): Promise<ControlComputeResult> =>
      opts.inference
        ? opts.inference.run<ControlComputeResult>('control:compute', { scene, frames })
        : computeControl(scene, { frames }),
    handlers: createGenerationHandlers(queue, takes, () => opts.projects.data?.doc.id ?? null, opts.uploads),
    /** Wraps project:update/save/saveAs so the frames of listed takes are in the project first. */
    withTakeFrames: <H extends Record<string, (payload: unknown) => Promise<unknown>>>(handlers: H): H =>
      withTakeFrames(handlers, takes, opts.projects) as H,
  };
}
export * from './projectFrames';
