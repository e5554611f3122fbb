import { drawSeed } from '../../src-shared/generation/params';
import {
  generationSettingsSchema,
  type GenerationSettings,
  type Take,
} from '../../src-shared/project/schema';
import type { StudioDocument } from '../state/documentSlice';

/**
 * Document edits of the generation settings and takes: pure `(doc, ...) => doc` for updateDocument.
 * An invalid or unchanged value returns the same document, so it never adds an undo step.
 */
export function applySettings(doc: StudioDocument, patch: Partial<GenerationSettings>): StudioDocument {
  const next = { ...doc.settings, ...patch };
  if (!generationSettingsSchema.safeParse(next).success) return doc;
  const keys = Object.keys(patch) as (keyof GenerationSettings)[];
  if (keys.every((k) => next[k] === doc.settings[k])) return doc;
  return { ...doc, settings: next };
}

/** A new random seed (one undo step); the lock is left as it is. */
export function randomiseSeed(doc: StudioDocument, random: () => number = Math.random): StudioDocument {
  return applySettings(doc, { seed: drawSeed(random) });
}

/** Appends a finished job's take once (events may arrive twice after a reconnect). */
export function addTake(doc: StudioDocument, take: Take): StudioDocument {
  if (doc.takes.some((t) => t.id === take.id)) return doc;
  return { ...doc, takes: [...doc.takes, take] };
}

/** Removes a take from the document (its frames stay in main until the project is saved without it). */
export function removeTake(doc: StudioDocument, takeId: string): StudioDocument {
  const takes = doc.takes.filter((t) => t.id !== takeId);
  return takes.length === doc.takes.length ? doc : { ...doc, takes };
}
