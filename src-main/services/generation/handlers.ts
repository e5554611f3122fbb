import type { z } from 'zod';
import { StudioError } from '../../../src-shared/ipc/contract';
import { generationChannels, type GenerationChannel } from '../../../src-shared/generation/ipc';
import { GenerationError, GenerationErrorCode } from './errors';
import type { GenerationQueue } from './queue';
import type { TakeStore } from './takeStore';
import { resolveSceneDepth } from './scene';
import type { UploadStore } from '../uploads';

type Req<C extends GenerationChannel> = z.infer<(typeof generationChannels)[C]['request']>;

async function wrap<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof GenerationError) throw new StudioError(e.code, e.message);
    throw e;
  }
}

/** One handler per `generation:*` channel; each parses its payload first (the dispatcher did too). */
export function createGenerationHandlers(
  queue: GenerationQueue,
  takes: TakeStore,
  /** The id of the project open in main (null = none). */
  openProjectId: () => string | null,
  /** Where a scene's uploaded depth map waits (resolveSceneDepth). */
  uploads: Pick<UploadStore, 'takeBlob'>,
): Record<GenerationChannel, (payload: unknown) => Promise<unknown>> {
  const parse = <C extends GenerationChannel>(c: C, p: unknown): Req<C> =>
    generationChannels[c].request.parse(p) as Req<C>;
  return {
    'generation:enqueue': (p) =>
      wrap(() => {
        const r = parse('generation:enqueue', p);
        // A take belongs to the project it was made for: only the open project can queue one.
        if (r.projectId !== openProjectId())
          throw new GenerationError(
            GenerationErrorCode.WrongProject,
            'The project on screen is not the one open in the studio, so its take would have nowhere to go. ' +
              'Save the project (or open it again), then generate.',
          );
        return queue.enqueue({ ...r, scene: resolveSceneDepth(r.scene, uploads) });
      }),
    'generation:list': (p) => wrap(() => (parse('generation:list', p), { jobs: queue.list() })),
    'generation:reorder': (p) =>
      wrap(() => {
        const r = parse('generation:reorder', p);
        return { jobs: queue.reorder(r.jobId, r.toIndex) };
      }),
    'generation:cancel': (p) =>
      wrap(() => ({ cancelled: queue.cancel(parse('generation:cancel', p).jobId) })),
    'generation:retry': (p) => wrap(() => queue.retry(parse('generation:retry', p).jobId)),
    'generation:remove': (p) => wrap(() => ({ jobs: queue.remove(parse('generation:remove', p).jobId) })),
    'generation:takeFrames': (p) =>
      wrap(() => {
        const { takeId } = parse('generation:takeFrames', p);
        const t = takes.get(takeId);
        if (!t)
          throw new StudioError('generation/no-take', `The frames of take ${takeId} are not available.`);
        return { urls: [...t.urls], width: t.take.width, height: t.take.height, fps: t.take.fps };
      }),
  };
}
