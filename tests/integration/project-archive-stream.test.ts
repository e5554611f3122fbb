import { readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  ProjectService,
  defaultArchiveLimits,
  readArchive,
  validateProject,
  writeArchive,
} from '../../src-main/services/projects';
import { InflateBudget, listEntries, openZip, readEntry } from '../../src-main/services/projects/zipEntries';
import { damageAfter, projectTemp } from './projectTemp';

// The running byte bound: every inflated byte is counted against what the document can hold, a lie is
// stopped at the chunk that shows it, and the directory's claims are checked all together before any
// entry is inflated.
const t = projectTemp('levitor-stream-');

/** A PNG signature and IHDR of w x h followed by `size` bytes in all of zeros (a header, no image). */
function pngHead(w: number, h: number, size: number): Uint8Array {
  const b = new Uint8Array(size);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const v = new DataView(b.buffer);
  v.setUint32(16, w);
  v.setUint32(20, h);
  return b;
}

/** The fixture's entries stored, with `extra` and the document given. */
function zipOf(doc: unknown, extra: Zippable = {}, drop: string[] = []): Uint8Array {
  const files: Zippable = { 'project.json': [strToU8(JSON.stringify(doc)), { level: 1 }] };
  for (const [k, v] of t.good.entries) if (!drop.includes(k)) files[k] = [v, { level: 0 }];
  return zipSync({ ...files, ...extra });
}

describe('a running byte bound while inflating', () => {
  it('many small mask "PNGs" that each pass the rules but together expand like a bomb are refused from the directory', async () => {
    // 64 KiB each (within a 48 x 64 mask's bound, under the 1 MiB the per-entry ratio rule starts at),
    // ~500:1 in the zip: all 400 were inflated (25 MiB held) before the first failed to decode. At an
    // 8192 px image's mask bound, the same file shape made main hold its whole 4 GiB limit.
    const doc = structuredClone(t.good.doc);
    const extra: Zippable = {};
    doc.autoSegments = [];
    for (let i = 0; i < 400; i++) {
      const name = `segments/auto_${String(i).padStart(4, '0')}.png`;
      doc.autoSegments.push(name);
      extra[name] = [pngHead(48, 64, 64 << 10), { level: 6 }];
    }
    const path = join(t.dir, 'many.levitor');
    await writeFile(path, zipOf(doc, extra, ['masks/auto000.png']));
    await expect(readArchive(path)).rejects.toThrow(/images expand \d+x together/);
  });

  it('a mask whose PNG header is not the image size is stopped at its first chunk, not read through', async () => {
    // Stored with a damaged byte near its end: read to the end, it fails its checksum (the old message).
    const marker = strToU8('LEVITOR-STREAM-MARKER');
    const mask = pngHead(4096, 4096, 70 << 10);
    mask.set(marker, 60 << 10);
    const bytes = damageAfter(zipOf(t.good.doc, { 'masks/obj1.png': [mask, { level: 0 }] }), marker);
    const path = join(t.dir, 'head.levitor');
    await writeFile(path, bytes);
    await expect(readArchive(path)).rejects.toThrow(/masks\/obj1\.png is 4096x4096, not 48x64/);
  });

  it('a mask that is not a PNG is refused on open and never saved (the window decodes PNG masks only)', async () => {
    const jpeg = new Uint8Array(
      await sharp({ create: { width: 48, height: 64, channels: 3, background: '#fff' } })
        .jpeg()
        .toBuffer(),
    );
    const path = join(t.dir, 'jpeg-mask.levitor');
    await writeFile(path, zipOf(t.good.doc, { 'masks/obj1.png': [jpeg, { level: 0 }] }));
    await expect(readArchive(path)).rejects.toThrow(/masks\/obj1\.png is not a PNG image/);
    const edited = { doc: t.good.doc, entries: new Map(t.good.entries).set('masks/obj1.png', jpeg) };
    await expect(validateProject(edited)).rejects.toThrow(/masks\/obj1\.png is not a PNG image/);
  });

  it('an interlaced mask is refused on open (the window decodes non-interlaced masks only)', async () => {
    const interlaced = new Uint8Array(
      await sharp(Buffer.alloc(48 * 64), { raw: { width: 48, height: 64, channels: 1 } })
        .png({ progressive: true })
        .toBuffer(),
    );
    // sharp decodes it (the old check passed it); the window's PNG decoder refuses it.
    await expect(
      readArchive(zipOf(t.good.doc, { 'masks/obj1.png': [interlaced, { level: 0 }] })),
    ).rejects.toThrow(/masks\/obj1\.png is an interlaced PNG/);
  });

  it('counts inflated bytes across entries as they arrive and stops at the chunk past the budget', async () => {
    const marker = strToU8('LEVITOR-BUDGET-MARKER');
    const depth = new Uint8Array(t.good.entries.get('depth/original.f32')!);
    depth.set(marker, depth.length - 64);
    const path = join(t.dir, 'budget.levitor');
    await writeFile(
      path,
      damageAfter(zipOf(t.good.doc, { 'depth/original.f32': [depth, { level: 0 }] }), marker),
    );
    const zf = await openZip(path);
    try {
      const byName = new Map((await listEntries(zf)).map((e) => [e.fileName, e]));
      const budget = new InflateBudget(depth.length + 100);
      await readEntry(zf, byName.get('masks/obj1.png')!, budget);
      expect(budget.inflated).toBe(t.good.entries.get('masks/obj1.png')!.length);
      // The depth map would fail its checksum at its end: the budget stops it before.
      await expect(readEntry(zf, byName.get('depth/original.f32')!, budget)).rejects.toThrow(
        /inflates past \d+ bytes \(at depth\/original\.f32\)/,
      );
    } finally {
      zf.close();
    }
  });

  it("entries that together declare more than the project's total bound are refused before any is read", async () => {
    const bytes = writeArchive(t.good);
    const total = [...t.good.entries.values()].reduce((n, v) => n + v.byteLength, 0);
    await expect(readArchive(bytes, { ...defaultArchiveLimits, maxTotalBytes: total - 1 })).rejects.toThrow(
      new RegExp(`declare ${total} bytes together; this project can hold at most ${total - 1}`),
    );
    expect((await readArchive(bytes, { ...defaultArchiveLimits, maxTotalBytes: total })).entries.size).toBe(
      t.good.entries.size,
    );
  });

  it('an image larger than the studio opens is refused from the document, before any entry is read', async () => {
    const doc = {
      ...structuredClone(t.good.doc),
      image: { ...t.good.doc.image, width: 16384, height: 8192 },
    };
    await expect(readArchive(zipOf(doc))).rejects.toThrow(
      /image is 16384x8192; the studio opens images of at most/,
    );
  });

  it('opening bytes (a browser upload) reads them from memory: nothing is written to the temp folder', async () => {
    const tmp = await mkdtemp(join(t.dir, 'tmp-'));
    const old = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    const svc = new ProjectService({ settingsDir: join(t.dir, 's'), recoveryDir: join(t.dir, 'r') });
    let during: string[] = ['(the reply was never built)'];
    try {
      // The reply is built while the archive is open (the old code had its temp copy there then).
      await svc.openBytes(writeArchive(t.good), (data) => {
        during = readdirSync(tmp);
        return data;
      });
    } finally {
      process.env.TMPDIR = old;
      svc.dispose();
    }
    expect(during).toEqual([]);
    expect(svc.state.doc?.id).toBe(t.good.doc.id);
  });
});
