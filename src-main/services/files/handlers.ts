import type { z } from 'zod';
import { filesChannels, type FilesChannel } from '../../../src-shared/files/ipc';
import type { FilesService } from './service';

type Req<C extends FilesChannel> = z.infer<(typeof filesChannels)[C]['request']>;

/** `files:*` handlers: each parses its payload, then asks the files service. */
export function createFilesHandlers(
  files: FilesService,
): Record<FilesChannel, (payload: unknown) => Promise<unknown>> {
  const parse = <C extends FilesChannel>(c: C, p: unknown): Req<C> =>
    filesChannels[c].request.parse(p) as Req<C>;
  return {
    'files:pick': async (p) => {
      const r = parse('files:pick', p);
      return files.pick(r.purpose, r.suggestedName);
    },
    'files:places': async (p) => files.places(parse('files:places', p).purpose),
    'files:list': async (p) => {
      const r = parse('files:list', p);
      return files.list(r.purpose, r.dir);
    },
    'files:choose': async (p) => {
      const r = parse('files:choose', p);
      return files.choose(r.purpose, r.dir, r.name);
    },
  };
}
