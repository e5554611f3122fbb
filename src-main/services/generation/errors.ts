import { ControlError } from '../../../src-shared/control';
import { SvdPackOutdatedError } from '../../inference/models/svd/manifest';
import { RemoteError, RemoteErrorCode } from '../remote/errors';
import { RemoteConfigError } from '../remote/url';

export const GenerationErrorCode = {
  NoVideoModel: 'generation/no-video-model',
  OutdatedVideoModel: 'generation/outdated-video-model',
  OutOfMemory: 'generation/out-of-memory',
  Cancelled: 'generation/cancelled',
  NoImage: 'generation/no-image',
  /** The job names a project that is not the one open in main. */
  WrongProject: 'generation/wrong-project',
  Scene: 'generation/scene',
  HostCrashed: 'generation/host-crashed',
  Failed: 'generation/failed',
} as const;

export class GenerationError extends Error {
  override readonly name = 'GenerationError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const NO_VIDEO_MODEL_MESSAGE =
  'No video model is installed. Open Models and install the LeviTor video pack ' +
  '(levitor-video-pack: SVD-XT + the LeviTor ControlNet, built with tools/export), then generate again.';

const OOM = /out of memory|bad_alloc|failed to allocate|cudaErrorMemoryAllocation|ENOMEM|allocation failed/i;

/** Any failure of a job -> a code and a sentence an artist can act on. */
export function describeFailure(e: unknown, cancelled: boolean): { code: string; message: string } {
  if (cancelled)
    return { code: GenerationErrorCode.Cancelled, message: 'Cancelled. The project is unchanged.' };
  if (e instanceof GenerationError) return { code: e.code, message: e.message };
  // A remote job says what the server did (unreachable, lost, out of GPU memory, other pack) in its own words.
  if (e instanceof RemoteError && e.code !== RemoteErrorCode.Cancelled)
    return { code: e.code, message: e.message };
  if (e instanceof RemoteConfigError)
    return { code: RemoteErrorCode.Config, message: `${e.message} (Settings -> Compute)` };
  if (e instanceof SvdPackOutdatedError)
    return { code: GenerationErrorCode.OutdatedVideoModel, message: e.message };
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof ControlError)
    return { code: GenerationErrorCode.Scene, message: `The scene cannot be animated: ${msg}` };
  if (OOM.test(msg))
    return {
      code: GenerationErrorCode.OutOfMemory,
      message:
        'Ran out of memory while generating. Lower the resolution or the number of frames, ' +
        'or close other programs, then retry.',
    };
  const code = (e as { code?: unknown }).code;
  if (code === 'inference/host-crashed' || code === 'inference/host-stopped')
    return {
      code: GenerationErrorCode.HostCrashed,
      message: `The inference process stopped while generating (${msg}). It restarts by itself; retry the job.`,
    };
  return { code: GenerationErrorCode.Failed, message: `Generation failed: ${msg}` };
}
