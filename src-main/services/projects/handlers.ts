import { StudioError } from '../../../src-shared/ipc/contract';
import { ProjectError, referencedEntries } from '../../../src-shared/project';
import type { z } from 'zod';
import { projectChannels, type ProjectChannel, type ProjectSnapshot } from '../../../src-shared/project/ipc';
import type { ProjectData } from './archive';
import type { ProjectService } from './service';

function snapshot(svc: ProjectService, data: ProjectData): ProjectSnapshot {
  const entries: Record<string, string> = {};
  for (const [k, v] of data.entries)
    if (!k.startsWith('takes/')) entries[k] = Buffer.from(v).toString('base64');
  return { path: svc.state.path, dirty: svc.state.dirty, doc: data.doc, entries };
}

/** Applies the renderer's edit: its document, new/replaced entries, and drops entries nothing refers to. */
function applyEdit(
  svc: ProjectService,
  edit: { doc: ProjectData['doc']; entries?: Record<string, string> | undefined } | undefined,
): void {
  if (!edit) return;
  const cur = svc.data;
  const entries = new Map(cur?.entries ?? []);
  for (const [k, v] of Object.entries(edit.entries ?? {}))
    entries.set(k, new Uint8Array(Buffer.from(v, 'base64')));
  const { entries: names, frameDirs } = referencedEntries(edit.doc);
  const keep = new Set(names);
  for (const k of entries.keys())
    if (!keep.has(k) && !frameDirs.some((d) => k.startsWith(`${d.dir}/`))) entries.delete(k);
  svc.update({ doc: edit.doc, entries });
}

/** ProjectError -> StudioError `project/<code>` with the hint appended, so the renderer can show both. */
async function wrap<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ProjectError) throw new StudioError(`project/${e.code}`, `${e.message} ${e.hint}`);
    throw e;
  }
}

export function createProjectHandlers(
  svc: ProjectService,
): Record<ProjectChannel, (payload: unknown) => Promise<unknown>> {
  const parse = <C extends ProjectChannel>(
    c: C,
    p: unknown,
  ): z.infer<(typeof projectChannels)[C]['request']> =>
    projectChannels[c].request.parse(p) as z.infer<(typeof projectChannels)[C]['request']>;
  return {
    'project:new': (p) =>
      wrap(async () => snapshot(svc, await svc.newFromImage(parse('project:new', p).imagePath))),
    'project:open': (p) => wrap(async () => snapshot(svc, await svc.open(parse('project:open', p).path))),
    'project:save': (p) =>
      wrap(async () => {
        applyEdit(svc, parse('project:save', p).edit);
        return { path: await svc.save() };
      }),
    'project:saveAs': (p) =>
      wrap(async () => {
        const r = parse('project:saveAs', p);
        applyEdit(svc, r.edit);
        return { path: await svc.saveAs(r.path) };
      }),
    'project:recent': (p) => wrap(async () => (parse('project:recent', p), svc.recent.list())),
    'project:recoverList': (p) => wrap(async () => (parse('project:recoverList', p), svc.recovery.list())),
    'project:recover': (p) =>
      wrap(async () => snapshot(svc, await svc.recover(parse('project:recover', p).id))),
    'project:discardRecovery': (p) =>
      wrap(async () => {
        await svc.recovery.discard(parse('project:discardRecovery', p).id);
        return { discarded: true };
      }),
  };
}
