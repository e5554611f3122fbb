import sharp from 'sharp';
import { ProjectError, frameEntryName, referencedEntries } from '../../../src-shared/project';
import { defaultArchiveLimits, type ProjectData } from './archive';
import { entryBounds, totalBound } from './bounds';
import { pngHeadProblem } from './zipEntries';

const damaged = 'The file is damaged or incomplete; open its .bak copy if there is one.';

async function imageSize(
  bytes: Uint8Array,
  what: string,
  maxPixels = 16384 * 16384,
): Promise<{ width: number; height: number }> {
  try {
    // Decoding the pixels (not only the header) catches truncated or bit-flipped image data; a header
    // larger than the project's image is refused before any pixel is decoded.
    const { info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height };
  } catch (cause) {
    throw new ProjectError(
      'corrupt',
      `${what} is not a readable image: ${(cause as Error).message}`,
      damaged,
      { cause },
    );
  }
}

/** An image's size from its header alone (a PNG's IHDR), for entries too many to decode each. */
async function headerSize(bytes: Uint8Array, what: string): Promise<{ width: number; height: number }> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes).metadata(); // sharp throws at once on an empty buffer
  } catch (cause) {
    throw new ProjectError(
      'corrupt',
      `${what} is not a readable image: ${(cause as Error).message}`,
      damaged,
      {
        cause,
      },
    );
  }
  if (meta.format !== 'png')
    throw new ProjectError(
      'corrupt',
      `${what} is not a PNG image (${meta.format ?? 'unknown format'}).`,
      damaged,
    );
  return { width: meta.width ?? 0, height: meta.height ?? 0 };
}

/** Checks that every entry the document names exists and agrees with the sizes it states. */
export async function validateProject(data: ProjectData): Promise<void> {
  const { doc, entries } = data;
  const need = (name: string): Uint8Array => {
    const b = entries.get(name);
    if (!b)
      throw new ProjectError(
        'corrupt',
        `The project refers to ${name}, which is missing from the archive.`,
        damaged,
      );
    return b;
  };
  const { entries: names, frameDirs } = referencedEntries(doc);
  for (const n of names) need(n);
  // The sizes a file may hold (checked on open too): never write what the studio would refuse to open.
  const bounds = entryBounds(doc, defaultArchiveLimits.maxEntries);
  let total = 0;
  for (const [name, { max, png }] of bounds) {
    const bytes = entries.get(name);
    const size = bytes?.byteLength ?? 0;
    total += size;
    if (size > max)
      throw new ProjectError(
        'too-large',
        `${name} holds ${size} bytes; this project allows at most ${max}.`,
        damaged,
      );
    // Masks and frames are checked by their PNG header on open (before they are inflated in full).
    const problem = bytes && png && pngHeadProblem(bytes, png);
    if (problem) throw new ProjectError('corrupt', `${name} ${problem}.`, damaged);
  }
  const limit = totalBound(bounds, bounds.keys());
  if (total > limit)
    throw new ProjectError(
      'too-large',
      `The project's files hold ${total} bytes together; a project holds at most ${limit}.`,
      'Remove takes or objects you no longer need, then save again.',
    );

  const img = await imageSize(need(doc.image.entry), 'The source image', doc.image.width * doc.image.height);
  if (img.width !== doc.image.width || img.height !== doc.image.height) {
    throw new ProjectError(
      'corrupt',
      `The source image is ${img.width}x${img.height} but the project says ${doc.image.width}x${doc.image.height}.`,
      damaged,
    );
  }
  // Each mask decoded once, however often the document names it (a name repeated thousands of times
  // must not cost thousands of decodes).
  const masks = new Set([...doc.objects.flatMap((o) => (o.mask ? [o.mask] : [])), ...doc.autoSegments]);
  for (const m of masks) {
    const s = await imageSize(need(m), `Mask ${m}`, img.width * img.height);
    if (s.width !== img.width || s.height !== img.height) {
      throw new ProjectError(
        'corrupt',
        `Mask ${m} is ${s.width}x${s.height}, not the image's ${img.width}x${img.height}.`,
        damaged,
      );
    }
  }
  for (const d of [doc.depth.original, doc.depth.edited]) {
    if (!d) continue;
    const expected = d.width * d.height * 4; // float32 [H, W]
    if (need(d.entry).byteLength !== expected) {
      throw new ProjectError(
        'corrupt',
        `Depth ${d.entry} holds ${need(d.entry).byteLength} bytes, expected ${expected} (float32 ${d.height}x${d.width}).`,
        damaged,
      );
    }
  }
  for (const t of doc.takes) {
    if (!t.frames && !t.video)
      throw new ProjectError('corrupt', `Take ${t.id} has neither frames nor a video.`, damaged);
  }
  const checked = new Set<string>();
  for (const fd of frameDirs) {
    if (checked.has(fd.dir)) continue; // two takes naming one folder: one decode
    checked.add(fd.dir);
    const take = doc.takes.find((t) => t.frames?.dir === fd.dir);
    const want = { width: take?.width ?? 0, height: take?.height ?? 0 };
    for (let i = 0; i < fd.count; i++) {
      const name = frameEntryName(fd.dir, i);
      // Frame 0 decoded in full; the others by their header (a take has up to thousands of frames).
      const size =
        i === 0
          ? await imageSize(need(name), `Frame 0 of ${fd.dir}`, want.width * want.height)
          : await headerSize(need(name), `Frame ${i} of ${fd.dir}`);
      if (size.width !== want.width || size.height !== want.height)
        throw new ProjectError(
          'corrupt',
          `Frame ${i} of ${fd.dir} is ${size.width}x${size.height}, the take says ${want.width}x${want.height}.`,
          damaged,
        );
    }
  }
  const ids = new Set<string>();
  for (const o of doc.objects) {
    if (ids.has(o.id)) throw new ProjectError('invalid', `Two objects share the id ${o.id}.`, damaged);
    ids.add(o.id);
  }
}
