import sharp from 'sharp';
import { ProjectError, frameEntryName, referencedEntries } from '../../../src-shared/project';
import type { ProjectData } from './archive';

const damaged = 'The file is damaged or incomplete; open its .bak copy if there is one.';

async function imageSize(bytes: Uint8Array, what: string): Promise<{ width: number; height: number }> {
  try {
    // Decoding the pixels (not only the header) catches truncated or bit-flipped image data.
    const { info } = await sharp(bytes, { limitInputPixels: 16384 * 16384, failOn: 'error' })
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

  const img = await imageSize(need(doc.image.entry), 'The source image');
  if (img.width !== doc.image.width || img.height !== doc.image.height) {
    throw new ProjectError(
      'corrupt',
      `The source image is ${img.width}x${img.height} but the project says ${doc.image.width}x${doc.image.height}.`,
      damaged,
    );
  }
  const masks = [...doc.objects.flatMap((o) => (o.mask ? [o.mask] : [])), ...doc.autoSegments];
  for (const m of masks) {
    const s = await imageSize(need(m), `Mask ${m}`);
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
  for (const fd of frameDirs) {
    for (let i = 0; i < fd.count; i++) need(frameEntryName(fd.dir, i));
    const first = await imageSize(need(frameEntryName(fd.dir, 0)), `Frame 0 of ${fd.dir}`);
    const take = doc.takes.find((t) => t.frames?.dir === fd.dir);
    if (take && (first.width !== take.width || first.height !== take.height)) {
      throw new ProjectError(
        'corrupt',
        `Frames in ${fd.dir} are ${first.width}x${first.height}, the take says ${take.width}x${take.height}.`,
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
