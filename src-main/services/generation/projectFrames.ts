import { frameEntryName } from '../../../src-shared/project';
import type { ProjectService } from '../projects';
import type { TakeStore } from './takeStore';

type Handler = (payload: unknown) => Promise<unknown>;
const EDITING = ['project:update', 'project:save', 'project:saveAs'] as const;

/**
 * The renderer's document lists a take by id; its frames live in main (TakeStore). Before an edit is
 * applied to the open project, the frames of every take it lists are put into the project's entries, so
 * an edit that raced the take's completion can never save a take without its frames.
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
      const listed = (payload as { edit?: { doc?: { takes?: unknown } } } | null)?.edit?.doc?.takes;
      const data = projects.data;
      if (data && Array.isArray(listed))
        for (const t of listed as { id?: unknown; frames?: { dir?: unknown } | null }[]) {
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
