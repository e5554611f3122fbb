import { strToU8, zipSync } from 'fflate';
import type { FuzzCase, FuzzKit } from './kit';

/**
 * The entries, of every kind (image, masks, auto segments, depth, take frames, video): missing, the
 * wrong size, undecodable, random bytes, bombs in each, and amplification (one entry named thousands of
 * times, names multiplied past what the archive holds, one entry in two roles).
 */
export function entryCases(k: FuzzKit): FuzzCase[] {
  const out: FuzzCase[] = [];
  const add = (name: string, bytes: Uint8Array): void => void out.push({ name, bytes });
  // Missing entries and missing required fields.
  for (const name of k.good.entries.keys()) {
    const e = new Map(k.good.entries);
    e.delete(name);
    add(`missing-entry-${name}`, k.zipWith(k.good.doc, e));
  }
  // Inconsistent sizes and undecodable images.
  add(
    'image-size-mismatch',
    k.zipWith({ ...k.doc(), image: { ...k.good.doc.image, width: 49 } }, k.good.entries),
  );
  add(
    'depth-short',
    k.zipWith(k.good.doc, new Map(k.good.entries).set('depth/original.f32', new Uint8Array(100))),
  );
  add(
    'mask-wrong-size',
    k.zipWith(
      k.good.doc,
      new Map(k.good.entries).set(
        'masks/obj1.png',
        k.good.entries.get('takes/t1/frame_000.png')!.slice(0, 0),
      ),
    ),
  );
  add(
    'image-garbage',
    k.zipWith(k.good.doc, new Map(k.good.entries).set('image.png', new Uint8Array(500).fill(7))),
  );
  add(
    'image-truncated',
    k.zipWith(
      k.good.doc,
      new Map(k.good.entries).set('image.png', k.good.entries.get('image.png')!.subarray(0, 120)),
    ),
  );
  add(
    'take-frame-count',
    k.zipWith(
      { ...k.doc(), takes: [{ ...k.good.doc.takes[0]!, frames: { dir: 'takes/t1', count: 9 } }] },
      k.good.entries,
    ),
  );
  add(
    'duplicate-object-ids',
    k.zipWith({ ...k.doc(), objects: [k.good.doc.objects[0], k.good.doc.objects[0]] }, k.good.entries),
  );
  // Huge declared sizes / zip bomb / too many entries.
  const bomb = zipSync({
    'project.json': strToU8(JSON.stringify(k.good.doc)),
    'bomb.bin': [new Uint8Array(64 << 20), { level: 9 }],
  });
  add('zip-bomb', bomb);
  // Bombs in referenced entries: each larger than the project's image allows, so refused before inflating.
  for (const [name, size] of [
    ['depth/original.f32', 64 << 20],
    ['masks/obj1.png', 32 << 20],
    ['image.png', 48 << 20],
    ['takes/t1/frame_000.png', 16 << 20],
    ['takes/t2.webm', 32 << 20],
    ['masks/auto000.png', 8 << 20],
    ['depth/original.f32', k.good.doc.image.width * k.good.doc.image.height * 4 + 4],
  ] as const)
    add(`bomb-${name}-${size}`, k.zipWith(k.good.doc, k.withEntry(name, new Uint8Array(size))));
  add('bomb-project-json', zipSync({ 'project.json': [strToU8(' '.repeat(20 << 20)), { level: 9 }] }));
  // Amplification: names repeated or multiplied far past what the archive holds.
  {
    const d = k.doc();
    d.autoSegments = Array.from({ length: 4096 }, () => 'masks/bad.png');
    add(
      'amplify-bad-mask-4096',
      k.zipWith(d, new Map(k.good.entries).set('masks/bad.png', strToU8('not a png'))),
    );
    const d2 = k.doc();
    d2.takes = Array.from({ length: 1000 }, (_, i) => ({
      ...k.good.doc.takes[0]!,
      id: `t${i}`,
      frames: { dir: `takes/t${i}`, count: 10_000 },
    }));
    add('amplify-1000-takes-of-10000-frames', k.zipWith(d2, k.good.entries));
    const d3 = k.doc();
    d3.takes = Array.from({ length: 1000 }, (_, i) => ({ ...k.good.doc.takes[0]!, id: `t${i}` }));
    d3.takes[999] = { ...d3.takes[999]!, width: 47 };
    add('amplify-1000-takes-one-folder', k.zipWith(d3, k.good.entries));
    const d4 = k.doc();
    d4.objects[1] = { ...d4.objects[1]!, mask: 'image.png' };
    add('amplify-image-as-mask', k.zipWith(d4, k.good.entries));
    const d5 = k.doc();
    d5.depth.original = { ...d5.depth.original!, entry: 'masks/obj1.png' };
    add('amplify-mask-as-depth', k.zipWith(d5, k.good.entries));
  }
  // Random bytes in place of every entry kind (image, masks, depth, frames), of several lengths.
  // (A video take's bytes are opaque to main: it never decodes them and the window shows a take it
  // cannot play as such, so random bytes there are not a hostile file. Its size and ratio are checked.)
  for (const name of [...k.good.entries.keys()].filter((n) => !n.endsWith('.webm')))
    for (const len of [0, 7, 33, 1000, 4096])
      add(
        `random-entry-${name}-${len}`,
        k.zipWith(
          k.good.doc,
          new Map(k.good.entries).set(
            name,
            new Uint8Array(len).map(() => k.rand(256)),
          ),
        ),
      );
  return out;
}
