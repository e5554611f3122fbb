import { IMAGE_LIMITS } from '../../../src-shared/ipc/contract';
import { ProjectError, frameEntryName, type ProjectDocument } from '../../../src-shared/project';

const damaged = 'The file is damaged or incomplete; open its .bak copy if there is one.';

/** Takes are generated at most 576 px a side today; 2048 leaves room for larger models, not for bombs. */
export const MAX_TAKE_SIDE = 2048;
/** Frames of the longest video take (the generation settings' frame limit). */
const MAX_VIDEO_FRAMES = 64;
/**
 * The most bytes all entries of one project may hold together, whatever its document says. A save builds
 * the whole archive in one buffer next to the entries it holds (twice this at the moment of a save), and
 * a project the studio makes stays far below it: an 8192 x 8192 project (the largest image it opens)
 * holds a ~100-500 MiB image PNG, two 256 MiB depth maps and masks of a few MiB each.
 */
export const MAX_PROJECT_BYTES = 2 * 1024 ** 3;

/** What one entry may be: its most bytes, and for a PNG the pixel size its header must state. */
export interface EntryBound {
  max: number;
  /**
   * A format that is compressed already (PNG, video): it barely shrinks in a zip, so one that expands
   * like raw data is a bomb. Raw entries (float32 depth maps) may deflate ~1000:1.
   */
  packed: boolean;
  /**
   * A PNG whose IHDR must give this size (masks: the image's; take frames: the take's); `plain`: not
   * interlaced (masks: the window's decoder reads those only).
   */
  png?: { width: number; height: number; plain?: boolean };
}

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
 * Every entry the document may hold, with what each may be: what a project can really hold is decided
 * by its image size (masks and depth maps are the image's size) and its takes' sizes. An entry not in
 * this map is one the project does not use, and is refused.
 */
export function entryBounds(doc: ProjectDocument, maxEntries: number): Map<string, EntryBound> {
  const { width: W, height: H } = doc.image;
  // The studio never makes a project around an image it would not open (the image rules' size limits).
  if (W > IMAGE_LIMITS.maxSide || H > IMAGE_LIMITS.maxSide || W * H > IMAGE_LIMITS.maxPixels)
    throw new ProjectError(
      'too-large',
      `The project's image is ${W}x${H}; the studio opens images of at most ${IMAGE_LIMITS.maxPixels / 1e6} megapixels and ${IMAGE_LIMITS.maxSide} px a side.`,
      damaged,
    );
  // Counted before any name is built: 1000 takes of 10 000 frames would be ten million names.
  const named =
    1 +
    doc.objects.length +
    doc.autoSegments.length +
    2 +
    doc.takes.reduce((n, t) => n + 1 + (t.frames?.count ?? 0), 0);
  if (named > maxEntries)
    throw new ProjectError('too-large', `The project names ${named} entries (limit ${maxEntries}).`, damaged);
  const bounds = new Map<string, EntryBound>();
  const add = (name: string, b: EntryBound): void => {
    const had = bounds.get(name);
    // One entry named in two roles (a mask that is also a depth map, a frame that is also a video) is
    // never written by the studio; a name repeated in one role (the same auto segment twice) is.
    const same = (a: EntryBound): boolean =>
      a.max === b.max &&
      a.packed === b.packed &&
      a.png?.width === b.png?.width &&
      a.png?.height === b.png?.height &&
      a.png?.plain === b.png?.plain;
    if (had !== undefined && !same(had))
      throw new ProjectError('invalid', `The project names ${name} in two different roles.`, damaged);
    if (had === undefined) bounds.set(name, b);
  };
  add(doc.image.entry, { max: pngBound(W, H, 8), packed: true }); // up to 16-bit RGBA
  const mask = { max: pngBound(W, H, 4), packed: true, png: { width: W, height: H, plain: true } };
  for (const o of doc.objects) if (o.mask) add(o.mask, mask);
  for (const m of doc.autoSegments) add(m, mask);
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
    add(d.entry, { max: d.width * d.height * 4, packed: false }); // float32 [H, W]
  }
  for (const t of doc.takes) {
    if (t.width > MAX_TAKE_SIDE || t.height > MAX_TAKE_SIDE)
      throw new ProjectError(
        'too-large',
        `Take ${t.id} says its frames are ${t.width}x${t.height}; takes are at most ${MAX_TAKE_SIDE} px a side.`,
        damaged,
      );
    if (t.video) add(t.video, { max: t.width * t.height * 3 * MAX_VIDEO_FRAMES + (1 << 20), packed: true });
    if (!t.frames) continue;
    const frame = {
      max: pngBound(t.width, t.height, 4),
      packed: true,
      png: { width: t.width, height: t.height },
    };
    for (let i = 0; i < t.frames.count; i++) add(frameEntryName(t.frames.dir, i), frame);
  }
  return bounds;
}

/**
 * The most bytes the entries present may hold together: the sum of their own bounds (what the document
 * can really hold), never above MAX_PROJECT_BYTES.
 */
export function totalBound(bounds: Map<string, EntryBound>, present: Iterable<string>): number {
  let sum = 0;
  for (const name of present) sum += bounds.get(name)?.max ?? 0;
  return Math.min(sum, MAX_PROJECT_BYTES);
}
