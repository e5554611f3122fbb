import { z } from 'zod';

/**
 * Frames carried by any transport (Electron IPC envelopes them itself; the browser host's WebSocket and
 * the inference host's process channel send these objects as JSON).
 */
export const WireRequest = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  channel: z.string().min(1).max(100),
  payload: z.unknown(),
});
export type WireRequest = z.infer<typeof WireRequest>;

export const WireError = z.object({
  code: z.string(),
  message: z.string(),
});
export type WireError = z.infer<typeof WireError>;

export const WireResponse = z.discriminatedUnion('ok', [
  z.object({ kind: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ kind: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: WireError }),
]);
export type WireResponse = z.infer<typeof WireResponse>;

export const WireEvent = z.object({
  kind: z.literal('event'),
  channel: z.string(),
  payload: z.unknown(),
});
export type WireEvent = z.infer<typeof WireEvent>;

export const WireMessage = z.union([WireRequest, WireResponse, WireEvent]);
export type WireMessage = z.infer<typeof WireMessage>;
