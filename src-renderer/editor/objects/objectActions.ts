import type { EditorObject, Mask, StudioDocument } from '../../state/documentSlice';

/**
 * Pure document edits for the objects list: `(doc, ...) => doc`, each returning the same document when
 * nothing changes so a no-op never becomes an undo step.
 */

/** Distinct, saturated colours that read on both photos and the dark UI (the project migration's set). */
export const OBJECT_COLOURS = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#bfef45',
] as const;

/** The schema allows 254 objects (ids 1..254 in the control signal). */
export const MAX_OBJECTS = 254;

/** The first "object-N" id not used yet; ids are never reused within a document's lifetime on screen. */
export function nextObjectId(doc: StudioDocument): string {
  const used = new Set(doc.objects.map((o) => o.id));
  let n = doc.objects.length + 1;
  while (used.has(`object-${n}`)) n++;
  return `object-${n}`;
}

/** The palette colour used least so far (first one on ties), so neighbours rarely share a colour. */
export function nextColour(doc: StudioDocument): string {
  const counts = OBJECT_COLOURS.map((c) => doc.objects.filter((o) => o.colour === c).length);
  const min = Math.min(...counts);
  return OBJECT_COLOURS[counts.indexOf(min)] ?? OBJECT_COLOURS[0];
}

export interface NewObjectOptions {
  readonly id?: string;
  readonly name?: string;
  readonly kind?: EditorObject['kind'];
  readonly mask?: Mask;
}

/** Appends an object (defaults: moving, visible, unlocked, no prompts, no trajectory). */
export function addObject(doc: StudioDocument, options: NewObjectOptions = {}): StudioDocument {
  if (doc.objects.length >= MAX_OBJECTS) return doc;
  const id = options.id ?? nextObjectId(doc);
  const kind = options.kind ?? 'moving';
  const object: EditorObject = {
    id,
    name: options.name ?? `${kind === 'static' ? 'Static' : 'Object'} ${doc.objects.length + 1}`,
    colour: nextColour(doc),
    kind,
    visible: true,
    locked: false,
    prompts: { points: [], box: null },
    trajectory: null,
  };
  const masks = options.mask ? { ...doc.masks, [id]: options.mask } : doc.masks;
  return { ...doc, objects: [...doc.objects, object], masks };
}

export function deleteObject(doc: StudioDocument, id: string): StudioDocument {
  if (!doc.objects.some((o) => o.id === id)) return doc;
  const { [id]: _removed, ...masks } = doc.masks;
  return { ...doc, objects: doc.objects.filter((o) => o.id !== id), masks };
}

type EditableProps = Partial<Pick<EditorObject, 'name' | 'colour' | 'kind' | 'visible' | 'locked'>>;

/** Changes plain properties of one object; unchanged values leave the document as it was. */
export function updateObject(doc: StudioDocument, id: string, props: EditableProps): StudioDocument {
  const i = doc.objects.findIndex((o) => o.id === id);
  const old = doc.objects[i];
  if (!old) return doc;
  const changed = (Object.keys(props) as (keyof EditableProps)[]).some((k) => props[k] !== old[k]);
  if (!changed) return doc;
  const objects = doc.objects.slice();
  objects[i] = { ...old, ...props };
  return { ...doc, objects };
}

export function renameObject(doc: StudioDocument, id: string, name: string): StudioDocument {
  const trimmed = name.trim().slice(0, 200);
  return trimmed ? updateObject(doc, id, { name: trimmed }) : doc;
}

/** Moves an object to `toIndex` (clamped); list order is the control signal's object order. */
export function moveObject(doc: StudioDocument, id: string, toIndex: number): StudioDocument {
  const from = doc.objects.findIndex((o) => o.id === id);
  if (from < 0) return doc;
  const to = Math.max(0, Math.min(doc.objects.length - 1, Math.round(toIndex)));
  if (to === from) return doc;
  const objects = doc.objects.slice();
  const [moved] = objects.splice(from, 1);
  if (moved) objects.splice(to, 0, moved);
  return { ...doc, objects };
}

export function findObject(doc: StudioDocument, id: string | undefined): EditorObject | undefined {
  return id === undefined ? undefined : doc.objects.find((o) => o.id === id);
}

/** Replaces (or with null removes) an object's mask. */
export function setMask(doc: StudioDocument, id: string, mask: Mask | null): StudioDocument {
  if (!doc.objects.some((o) => o.id === id) || doc.masks[id] === mask) return doc;
  if (mask) return { ...doc, masks: { ...doc.masks, [id]: mask } };
  const { [id]: _removed, ...masks } = doc.masks;
  return { ...doc, masks };
}

/** Number of inside pixels. */
export function maskArea(mask: Mask): number {
  let n = 0;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) n++;
  return n;
}
