import { z } from 'zod';
import { projectSchema } from './schema';

/**
 * `project:*` channels. Paths come from the renderer and are re-checked in main (absolute, .levitor, no
 * device paths). Binary entries travel as base64; `project:save` sends only added/replaced entries and the
 * entries no longer referenced are dropped by main.
 */
const Path = z.string().min(1).max(4096);
const Entries = z.record(z.string().max(200), z.string().max(720_000_000));

export const ProjectSnapshot = z.object({
  path: z.string().nullable(),
  dirty: z.boolean(),
  doc: projectSchema,
  /** base64 of every entry except take frames/videos (fetched when played). */
  entries: z.record(z.string(), z.string()),
});
export type ProjectSnapshot = z.infer<typeof ProjectSnapshot>;

const Edit = z.object({ doc: projectSchema, entries: Entries.optional() });
const RecoveryEntry = z.object({
  id: z.string(),
  projectPath: z.string().nullable(),
  name: z.string(),
  savedAt: z.string(),
});

export const projectChannels = {
  'project:new': { request: z.object({ imagePath: Path }).strict(), response: ProjectSnapshot },
  'project:open': { request: z.object({ path: Path }).strict(), response: ProjectSnapshot },
  /** Saves to the current path; `edit` carries the renderer's document when it changed. */
  'project:save': {
    request: z.object({ edit: Edit.optional() }).strict(),
    response: z.object({ path: z.string() }),
  },
  'project:saveAs': {
    request: z.object({ path: Path, edit: Edit.optional() }).strict(),
    response: z.object({ path: z.string() }),
  },
  'project:recent': {
    request: z.object({}).strict(),
    response: z.array(z.object({ path: z.string(), openedAt: z.string() })),
  },
  'project:recoverList': { request: z.object({}).strict(), response: z.array(RecoveryEntry) },
  'project:recover': {
    request: z.object({ id: z.string().min(1).max(64) }).strict(),
    response: ProjectSnapshot,
  },
  'project:discardRecovery': {
    request: z.object({ id: z.string().min(1).max(64) }).strict(),
    response: z.object({ discarded: z.boolean() }),
  },
} as const;
export type ProjectChannel = keyof typeof projectChannels;
