import { CENTRED_FRAME } from '../image/framing';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, defaultSettings, type ProjectDocument } from './schema';

/** A fresh project id: 16 hex digits from the platform's CSPRNG (Node and browsers both have it). */
export function newProjectId(): string {
  const b = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');
}

/**
 * A fresh document around an image entry already stored in the archive. New projects crop (the method's
 * frame, no distortion) with the largest centred frame.
 */
export function newProjectDocument(
  name: string,
  image: { entry: string; width: number; height: number; orientation?: number },
): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_SCHEMA_VERSION,
    id: newProjectId(),
    name,
    image: {
      entry: image.entry,
      width: image.width,
      height: image.height,
      orientation: image.orientation ?? 1,
      fit: 'crop',
      frame: { ...CENTRED_FRAME },
    },
    objects: [],
    autoSegments: [],
    depth: { original: null, edited: null },
    settings: { ...defaultSettings },
    takes: [],
    ui: { selectedObjectId: null, activeTakeId: null, zoom: 1 },
  };
}

/** Every archive entry the document refers to (the image, masks, segments, depth, take frames/videos). */
export function referencedEntries(doc: ProjectDocument): {
  entries: string[];
  frameDirs: { dir: string; count: number }[];
} {
  const entries = [doc.image.entry];
  for (const o of doc.objects) if (o.mask) entries.push(o.mask);
  entries.push(...doc.autoSegments);
  if (doc.depth.original) entries.push(doc.depth.original.entry);
  if (doc.depth.edited) entries.push(doc.depth.edited.entry);
  const frameDirs: { dir: string; count: number }[] = [];
  for (const t of doc.takes) {
    if (t.video) entries.push(t.video);
    if (t.frames) frameDirs.push(t.frames);
  }
  return { entries, frameDirs };
}

export function frameEntryName(dir: string, index: number): string {
  return `${dir}/frame_${String(index).padStart(3, '0')}.png`;
}
