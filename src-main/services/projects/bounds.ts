import { ProjectError, frameEntryName, type ProjectDocument } from '../../../src-shared/project';

const damaged = 'The file is damaged or incomplete; open its .bak copy if there is one.';

/** Takes are generated at most 576 px a side today; 2048 leaves room for larger models, not for bombs. */
export const MAX_TAKE_SIDE = 2048;
/** Frames of the longest video take (the generation settings' frame limit). */
const MAX_VIDEO_FRAMES = 64;

/**
 * The most bytes a PNG of w x h pixels at `bytesPerPixel` can take when it is stored without compression:
 * the raw rows (one filter byte each), deflate's stored-block headers, chunk headers, and 64 KiB for the
 * other chunks. Nothing the studio or sharp writes comes near it.
 */
function pngBound(w: number, h: number, bytesPerPixel: number): number {
  const raw = (w * bytesPerPixel + 1) * h;
  return Math.ceil(raw * 1.01) + (64 << 10);
}

/**
 * Every entry the document may hold, with the most bytes each can take: what a project can really hold
 * is decided by its image size (masks and depth maps are the image's size) and its takes' sizes. An
 * entry not in this map is one the project does not use, and is refused.
 */
export function entryBounds(doc: ProjectDocument, maxEntries: number): Map<string, number> {
  const { width: W, height: H } = doc.image;
  // Counted before any name is built: 1000 takes of 10 000 frames would be ten million names.
  const named =
    1 +
    doc.objects.length +
    doc.autoSegments.length +
    2 +
    doc.takes.reduce((n, t) => n + 1 + (t.frames?.count ?? 0), 0);
  if (named > maxEntries)
    throw new ProjectError('too-large', `The project names ${named} entries (limit ${maxEntries}).`, damaged);
  const bounds = new Map<string, number>();
  const add = (name: string, max: number): void => {
    const had = bounds.get(name);
    // One entry named in two roles (a mask that is also a depth map, a frame that is also a video) is
    // never written by the studio; a name repeated in one role (the same auto segment twice) is.
    if (had !== undefined && had !== max)
      throw new ProjectError('invalid', `The project names ${name} in two different roles.`, damaged);
    if (had === undefined) bounds.set(name, max);
  };
  add(doc.image.entry, pngBound(W, H, 8)); // up to 16-bit RGBA
  for (const o of doc.objects) if (o.mask) add(o.mask, pngBound(W, H, 4));
  for (const m of doc.autoSegments) add(m, pngBound(W, H, 4));
  for (const d of [doc.depth.original, doc.depth.edited]) {
    if (!d) continue;
    // The editor maps depth cells onto the image by scale, so a map may have its own resolution: at
    // most twice the image a side (estimation gives the image's size).
    if (d.width > 2 * W || d.height > 2 * H)
      throw new ProjectError(
        'corrupt',
        `Depth ${d.entry} is ${d.width}x${d.height}, more than twice the image's ${W}x${H}.`,
        damaged,
      );
    add(d.entry, d.width * d.height * 4); // float32 [H, W]
  }
  for (const t of doc.takes) {
    if (t.width > MAX_TAKE_SIDE || t.height > MAX_TAKE_SIDE)
      throw new ProjectError(
        'too-large',
        `Take ${t.id} says its frames are ${t.width}x${t.height}; takes are at most ${MAX_TAKE_SIDE} px a side.`,
        damaged,
      );
    if (t.video) add(t.video, t.width * t.height * 3 * MAX_VIDEO_FRAMES + (1 << 20));
    if (t.frames)
      for (let i = 0; i < t.frames.count; i++)
        add(frameEntryName(t.frames.dir, i), pngBound(t.width, t.height, 4));
  }
  return bounds;
}
