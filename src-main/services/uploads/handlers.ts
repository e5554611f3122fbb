import type { z } from 'zod';
import { uploadChannels, type UploadChannel } from '../../../src-shared/ipc/upload';
import type { UploadStore } from './store';

type Req<C extends UploadChannel> = z.infer<(typeof uploadChannels)[C]['request']>;

/** `upload:*`: pieces into the store, which the requests naming the upload take (each parses again). */
export function createUploadHandlers(
  store: UploadStore,
): Record<UploadChannel, (payload: unknown) => Promise<unknown>> {
  const parse = <C extends UploadChannel>(c: C, p: unknown): Req<C> =>
    uploadChannels[c].request.parse(p) as Req<C>;
  return {
    'upload:piece': async (p) => {
      const r = parse('upload:piece', p);
      return { held: store.put(r.upload, r.name, r.part, r.parts, r.bytes) };
    },
    'upload:discard': async (p) => ({ discarded: store.discard(parse('upload:discard', p).upload) }),
  };
}
