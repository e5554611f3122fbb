import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../../src-main/services/projects';
import { damageAfter, projectTemp } from './projectTemp';

// What an archive may hold is decided by the image it really has (not by the size its document claims),
// checked before any other entry is inflated; and a PNG entry that expands like raw pixels is refused
// from the zip's directory alone.
const t = projectTemp('levitor-bounds-');

describe('archive bounds come from the real image', () => {
  it('a document claiming a larger image than its own is refused before any other entry is read', async () => {
    const doc = structuredClone(t.good.doc);
    doc.image.width = 2048;
    doc.image.height = 2048;
    doc.takes = [];
    // A mask within the claimed bounds, stored, with a damaged byte: reading it would fail its checksum.
    const marker = strToU8('LEVITOR-MASK-MARKER');
    const mask = new Uint8Array(3 << 20);
    mask.set(marker, 1000);
    const files: Zippable = { 'project.json': [strToU8(JSON.stringify(doc)), { level: 1 }] };
    for (const [k, v] of t.good.entries) if (!k.startsWith('takes/')) files[k] = [v, { level: 0 }];
    files['masks/obj1.png'] = [mask, { level: 0 }];
    const path = join(t.dir, 'claim.levitor');
    await writeFile(path, damageAfter(zipSync(files), marker));
    // Before, every entry was read first: the damaged mask's checksum failed before the image was checked.
    await expect(readArchive(path)).rejects.toThrow(
      /The source image is 48x64 but the project says 2048x2048/,
    );
  });

  it('a PNG entry that expands like raw pixels is refused from the directory, before it is inflated', async () => {
    const W = 1024;
    const doc = structuredClone(t.good.doc);
    doc.image.width = W;
    doc.image.height = W;
    doc.depth.original = null;
    doc.takes = [];
    const image = await sharp({ create: { width: W, height: W, channels: 3, background: '#406080' } })
      .png()
      .toBuffer();
    const files: Zippable = {
      'project.json': [strToU8(JSON.stringify(doc)), { level: 1 }],
      'image.png': [new Uint8Array(image), { level: 0 }],
      'masks/obj2.png': [t.good.entries.get('masks/obj2.png')!, { level: 0 }],
      'masks/auto000.png': [t.good.entries.get('masks/auto000.png')!, { level: 0 }],
      // 4 MiB of zeros: within a 1024 x 1024 mask's bound, but ~1000:1 in the zip.
      'masks/obj1.png': [new Uint8Array(4 << 20), { level: 9 }],
    };
    const path = join(t.dir, 'png-bomb.levitor');
    await writeFile(path, zipSync(files));
    await expect(readArchive(path)).rejects.toThrow(
      /masks\/obj1\.png expands \d+x; a PNG image never compresses that well/,
    );
  });
});
