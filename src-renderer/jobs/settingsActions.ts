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

/** Renames a take (trimmed; '' = numbered by its position again). One undo step; unchanged = same doc. */
export function renameTake(doc: StudioDocument, takeId: string, name: string): StudioDocument {
  const clean = name.trim().slice(0, 200);
  return updateTake(doc, takeId, (t) => (t.name === clean ? t : { ...t, name: clean }));
}

/** Stars or unstars a take (one undo step). */
export function toggleTakeStar(doc: StudioDocument, takeId: string): StudioDocument {
  return updateTake(doc, takeId, (t) => ({ ...t, starred: !t.starred }));
}

function updateTake(doc: StudioDocument, takeId: string, edit: (t: Take) => Take): StudioDocument {
  const i = doc.takes.findIndex((t) => t.id === takeId);
  const t = doc.takes[i];
  if (!t) return doc;
  const next = edit(t);
  return next === t ? doc : { ...doc, takes: doc.takes.map((x, k) => (k === i ? next : x)) };
}

/** The take's name: the artist's own, else "Take N" by its position; null when it is not in the document. */
export function takeName(doc: Pick<StudioDocument, 'takes'>, takeId: string): string | null {
  const i = doc.takes.findIndex((t) => t.id === takeId);
  const t = doc.takes[i];
  return t ? t.name || `Take ${i + 1}` : null;
}

/** The take's name as lists show it, with its seed; a star marks favourites. */
export function takeLabel(doc: Pick<StudioDocument, 'takes'>, takeId: string): string {
  const t = doc.takes.find((x) => x.id === takeId);
  return t ? `${t.starred ? '★ ' : ''}${takeName(doc, takeId)} · seed ${t.seedUsed}` : '';
}
