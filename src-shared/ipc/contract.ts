import { z } from 'zod';
import { computeChannels } from '../compute/ipc';
import { FileHandle, filesChannels } from '../files/ipc';
import { exportChannels, generationChannels, generationEvents } from '../generation/ipc';
import { modelsChannels, modelsEvents } from '../models/ipc';
import { projectChannels } from '../project/ipc';
import { segmentChannels, segmentEvents } from '../segment/ipc';
import { fileData, uploadChannels } from './upload';

/**
 * The studio contract: every channel is declared here once. Main (Electron ipcMain and the browser host's
 * WebSocket) parses each request with `request` before use and each result is typed by `response`.
 * Channel names are `area:method`; the preload and the web bridge expose them as `api.area.method(req)`.
 */

export { IMAGE_LIMITS } from '../image/limits';

/** Error codes are `area/reason`; the renderer maps the reason to advice (src-renderer/bridge/errors.ts). */
export const ErrorCode = {
  BadRequest: 'ipc/bad-request',
  UnknownChannel: 'ipc/unknown-channel',
  Forbidden: 'ipc/forbidden',
  Internal: 'ipc/internal',
  NotAnImage: 'image/not-an-image',
  UnsupportedFormat: 'image/unsupported-format',
  DecodeFailed: 'image/decode-failed',
  TooLarge: 'image/too-large',
  TooManyPixels: 'image/too-many-pixels',
  FileTooLarge: 'image/file-too-large',
  NotFound: 'image/not-found',
  JobNotFound: 'jobs/not-found',
  InferenceUnavailable: 'inference/unavailable',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const Empty = z.object({}).strict();

export const ImportedImage = z.object({
  imageId: z.string(),
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: z.enum(['png', 'jpeg', 'webp']),
  /** What the renderer puts in <img src>: `studio-asset://image/<id>` (Electron) or `/asset/<token>/image/<id>`. */
  url: z.string(),
});
export type ImportedImage = z.infer<typeof ImportedImage>;

export const ModelSummary = z.object({ id: z.string(), role: z.string(), name: z.string() });
export type ModelSummary = z.infer<typeof ModelSummary>;

export const ProvidersInfo = z.object({
  /** Execution providers that created a session here, e.g. ['cpu'] or ['cuda', 'cpu']. */
  available: z.array(z.string()),
  active: z.string(),
  /** Why a provider is not available (e.g. "CUDA: libcudart.so.12 not found"), shown in the status bar. */
  notes: z.array(z.string()),
});
export type ProvidersInfo = z.infer<typeof ProvidersInfo>;

export const AppInfo = z.object({
  version: z.string(),
  platform: z.string(),
  host: z.enum(['electron', 'browser']),
  providers: ProvidersInfo,
  models: z.array(ModelSummary),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const OpenDialogOutcome = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('opened'), image: ImportedImage }),
  z.object({ kind: z.literal('cancelled') }),
  /** The browser host has no native dialog: the renderer falls back to <input type=file>. */
  z.object({ kind: z.literal('use-file-input') }),
]);
export type OpenDialogOutcome = z.infer<typeof OpenDialogOutcome>;

export const requestChannels = {
  'app:getInfo': { request: Empty, response: AppInfo },
  'image:openDialog': { request: Empty, response: OpenDialogOutcome },
  /** An image file chosen for `open-image` (files:pick / the in-app picker): its handle, never a path. */
  'image:openPath': {
    request: z.object({ handle: FileHandle }).strict(),
    response: ImportedImage,
  },
  /** A file the page read (browser host): its bytes inline, or sent ahead with upload:piece (upload.ts). */
  'image:importBytes': { request: fileData, response: ImportedImage },
  'jobs:cancel': {
    request: z.object({ jobId: z.string().min(1).max(200) }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  // models:list, catalogue, install, download, verify, repair, cancel, remove, setDefault (src-shared/models/ipc.ts)
  ...modelsChannels,
  // project:new, open, save, saveAs, recent, recoverList, recover, discardRecovery (src-shared/project/ipc.ts)
  ...projectChannels,
  // generation:enqueue, list, reorder, cancel, retry, remove, takeFrames; export:take, controlFrames,
  // controlJson, cancel (src-shared/generation/ipc.ts)
  ...generationChannels,
  ...exportChannels,
  // segment:prepare, click, auto, autoResult; depth:estimate (src-shared/segment/ipc.ts)
  ...segmentChannels,
  // files:pick, places, list, choose: main's dialogs and the handles they issue (src-shared/files/ipc.ts)
  ...filesChannels,
  // compute:get, set, test: Settings -> Compute, local or a Triton server (src-shared/compute/ipc.ts)
  ...computeChannels,
  // upload:piece, discard: bytes sent ahead of the request that names them (src-shared/ipc/upload.ts)
  ...uploadChannels,
} as const;

export const HostStatus = z.object({
  state: z.enum(['starting', 'ready', 'crashed', 'restarting', 'stopped']),
  message: z.string().optional(),
});
export type HostStatus = z.infer<typeof HostStatus>;

export const AppNotice = z.object({
  level: z.enum(['info', 'warning', 'error']),
  title: z.string(),
  detail: z.string().optional(),
});
export type AppNotice = z.infer<typeof AppNotice>;

export const InferenceProgress = z.object({
  jobId: z.string(),
  task: z.string(),
  done: z.number(),
  total: z.number(),
  detail: z.string().optional(),
});
export type InferenceProgress = z.infer<typeof InferenceProgress>;

export const eventChannels = {
  'inference:progress': InferenceProgress,
  'inference:hostStatus': HostStatus,
  'app:notice': AppNotice,
  /** Main asks the renderer to run a menu command (e.g. 'file.openImage'). */
  'app:menuCommand': z.object({ command: z.string() }),
  ...modelsEvents,
  ...generationEvents,
  ...segmentEvents,
} as const;

export type RequestChannel = keyof typeof requestChannels;
export type EventChannel = keyof typeof eventChannels;
export const REQUEST_CHANNELS = Object.keys(requestChannels) as RequestChannel[];
export const EVENT_CHANNELS = Object.keys(eventChannels) as EventChannel[];

export type RequestOf<C extends RequestChannel> = z.input<(typeof requestChannels)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.infer<(typeof requestChannels)[C]['response']>;
export type EventOf<E extends EventChannel> = z.infer<(typeof eventChannels)[E]>;

type AreaOf<C> = C extends `${infer A}:${string}` ? A : never;
type MethodOf<C> = C extends `${string}:${infer M}` ? M : never;

/** `window.studio` (preload) and the web bridge: `api.image.importBytes(req)`, `api.on(event, fn)`. */
export type StudioApi = {
  readonly [A in AreaOf<RequestChannel>]: {
    readonly [C in RequestChannel as AreaOf<C> extends A ? MethodOf<C> : never]: (
      req: RequestOf<C>,
    ) => Promise<ResponseOf<C>>;
  };
} & {
  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void;
};

/** Thrown by services; transports turn it into a WireError frame. */
export class StudioError extends Error {
  override readonly name = 'StudioError';
  constructor(
    readonly code: ErrorCode | (string & {}),
    message: string,
  ) {
    super(message);
  }
}

export function isRequestChannel(c: string): c is RequestChannel {
  return Object.hasOwn(requestChannels, c);
}
