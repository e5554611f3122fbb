import { z } from 'zod';

/**
 * `compute:*` channels (Settings -> Compute): where generations run. Header values are secrets: the
 * renderer may send new ones, but main only ever answers with their names.
 */
const headerName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'not a valid header name');
const headerValue = z
  .string()
  .max(8192)
  .refine((v) => !/[\r\n\0]/.test(v), 'a header value cannot have line breaks');
export const ComputeHeaders = z.record(headerName, headerValue).refine((h) => Object.keys(h).length <= 16, {
  message: 'at most 16 headers',
});

export const ComputeMode = z.enum(['local', 'triton']);
export type ComputeMode = z.infer<typeof ComputeMode>;

/** What the renderer sees: never a header value. */
export const ComputeView = z.object({
  mode: ComputeMode,
  url: z.string(),
  headerNames: z.array(z.string()),
  /** saved: encrypted with the OS's protected storage; session: kept in memory until the app quits */
  headersKept: z.enum(['saved', 'session']),
});
export type ComputeView = z.infer<typeof ComputeView>;

const serverForm = z
  .object({
    url: z.string().trim().max(2048),
    /** new headers; absent = keep the saved ones */
    headers: ComputeHeaders.optional(),
  })
  .strict();

export const ConnectionCheck = z.object({
  ok: z.boolean(),
  server: z.string(),
  live: z.boolean(),
  ready: z.boolean(),
  models: z.array(z.object({ name: z.string(), ready: z.boolean() })),
  serverPack: z.string().nullable(),
  expectedPack: z.string().nullable(),
  message: z.string(),
});
export type ConnectionCheck = z.infer<typeof ConnectionCheck>;

export const computeChannels = {
  'compute:get': { request: z.object({}).strict(), response: ComputeView },
  'compute:set': {
    request: serverForm.extend({ mode: ComputeMode }).strict(),
    response: ComputeView,
  },
  /** Tests the form's server (saved headers when the form has none) against the installed video pack. */
  'compute:test': { request: serverForm, response: ConnectionCheck },
} as const;
export type ComputeChannel = keyof typeof computeChannels;
