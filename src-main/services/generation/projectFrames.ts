import { StudioError } from '../../../src-shared/ipc/contract';
import { frameEntryName } from '../../../src-shared/project';
import type { ProjectService } from '../projects';
import type { TakeStore } from './takeStore';

type Handler = (payload: unknown) => Promise<unknown>;
const EDITING = ['project:update', 'project:save', 'project:saveAs'] as const;

interface ListedTake {
  id?: unknown;
  frames?: { dir?: unknown } | null;
}

/** The takes a project:update/save/saveAs payload lists, and the id of the document it carries. */
function listed(payload: unknown): { docId: unknown; takes: ListedTake[] } {
  const doc = (payload as { edit?: { doc?: { id?: unknown; takes?: unknown } } } | null)?.edit?.doc;
  return { docId: doc?.id, takes: Array.isArray(doc?.takes) ? (doc.takes as ListedTake[]) : [] };
}

/**
 * The renderer's document lists a take by id; its frames live in main (TakeStore). Before an edit is
 * applied to the open project:
 *  - a take this session generated for another project is refused: a take belongs to the project it was
 *    made for, and adding it elsewhere would be permanent once saved. The project open in main decides
 *    (the edit's own id when none is open), so a document cannot claim another id to get one in;
 *  - the frames of every take it lists are put into the project's entries, so an edit that raced the
 *    take's completion can never save a take without its frames.
 */
export function withTakeFrames(
  handlers: Record<string, Handler>,
  takes: TakeStore,
  projects: ProjectService,
): Record<string, Handler> {
  const out = { ...handlers };
  for (const channel of EDITING) {
    const inner = handlers[channel];
    if (!inner) continue;
    out[channel] = (payload) => {
      const { docId, takes: list } = listed(payload);
      const data = projects.data;
      const owner = data?.doc.id ?? docId;
      for (const t of list) {
        const made = typeof t?.id === 'string' ? takes.projectOf(t.id) : undefined;
        if (made !== undefined && made !== owner)
          return Promise.reject(
            new StudioError(
              'project/foreign-take',
              'A take generated for another project cannot be added to this one. Nothing was changed: ' +
                'open the project it was made for to keep it there.',
            ),
          );
      }
      if (data)
        for (const t of list) {
          if (typeof t?.id !== 'string' || typeof t.frames?.dir !== 'string') continue;
          const stored = takes.get(t.id);
          const dir = t.frames.dir;
          stored?.pngs.forEach((p, i) => {
            const name = frameEntryName(dir, i);
            if (!data.entries.has(name)) data.entries.set(name, p);
          });
        }
      return inner(payload);
    };
  }
  return out;
}
