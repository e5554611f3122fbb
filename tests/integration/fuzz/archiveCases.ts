import { strToU8, zipSync, type Zippable } from 'fflate';
import { SLIP_NAMES, records, type FuzzCase, type FuzzKit } from './kit';

/**
 * The zip itself: truncations, bit flips, files that are no zip or another one, lying headers (central
 * and local sizes and checksums), duplicate names, unsafe names, too many entries, entries the project
 * does not use.
 */
export function archiveCases(k: FuzzKit): FuzzCase[] {
  const out: FuzzCase[] = [];
  const add = (name: string, bytes: Uint8Array): void => void out.push({ name, bytes });
  const { good, goodBytes, rand } = k;
  for (let i = 0; i < 80; i++)
    add(`truncate-${i}`, goodBytes.subarray(0, Math.floor((goodBytes.length * i) / 80)));
  for (let i = 0; i < 80; i++) {
    const b = goodBytes.slice();
    const pos = rand(b.length);
    b[pos]! ^= 1 << rand(8);
    add(`flip-${pos}`, b);
  }
  add('empty', new Uint8Array());
  add('text', strToU8('hello world'));
  add('png', good.entries.get('image.png')!);
  add('json', strToU8(JSON.stringify(good.doc)));
  add('foreign-zip', zipSync({ 'readme.txt': strToU8('hi') }));
  add('foreign-project-json', zipSync({ 'project.json': strToU8('{"format":"other","version":2}') }));
  for (let i = 0; i < 10; i++)
    add(
      `random-${i}`,
      new Uint8Array(100 + rand(5000)).map(() => rand(256)),
    );
  // Lies in the central directory and in the local headers, for each entry: sizes and checksums.
  for (const [where, sig, fields] of [
    ['central', 0x02014b50, { crc: 16, compressed: 20, uncompressed: 24 }],
    ['local', 0x04034b50, { crc: 14, compressed: 18, uncompressed: 22 }],
  ] as const)
    for (const [field, off] of Object.entries(fields))
      records(goodBytes, sig).forEach((at, nth) => {
        const b = goodBytes.slice();
        const v = new DataView(b.buffer);
        v.setUint32(at + off, (v.getUint32(at + off, true) + 1 + nth * 977) >>> 0, true);
        add(`lie-${where}-${field}-${nth}`, b);
      });
  // project.json's uncompressed size claimed as 2 GiB in the directory.
  const lie = goodBytes.slice();
  new DataView(lie.buffer).setUint32(records(lie, 0x02014b50)[0]! + 24, 0x7fffffff, true);
  add('lie-huge-declared-size', lie);
  // Two entries of one name, of every kind: a twin added under a placeholder of the same length, then
  // renamed in place (local header and directory) to the name it copies.
  for (const target of [
    'project.json',
    'image.png',
    'masks/obj1.png',
    'masks/auto000.png',
    'depth/original.f32',
    'takes/t1/frame_000.png',
    'takes/t2.webm',
  ]) {
    const twin = `Q${target.slice(1)}`;
    const files: Zippable = { 'project.json': strToU8(JSON.stringify(good.doc)) };
    for (const [name, v] of good.entries) files[name] = [v, { level: 0 }];
    files[twin] = strToU8(JSON.stringify({ ...good.doc, name: 'twin' }));
    const b = Buffer.from(zipSync(files));
    for (let at = b.indexOf(twin); at >= 0; at = b.indexOf(twin, at + 1)) b.write(target, at, 'latin1');
    add(`duplicate-${target}`, new Uint8Array(b));
  }
  // Unsafe names in the archive, and a flood of entries.
  for (const n of SLIP_NAMES)
    add(`slip-entry-${n}`, k.zipWith(good.doc, good.entries, { [n]: strToU8('x') }));
  const many: Zippable = { 'project.json': strToU8(JSON.stringify(good.doc)) };
  for (let i = 0; i < 20_001; i++) many[`m/${i}`] = [new Uint8Array(0), { level: 0 }];
  add('too-many-entries', zipSync(many));
  // Entries the document does not use: small, large (two 100 MB ones once killed the browser host),
  // past a take's frame count, under a frame folder.
  for (const n of [
    'extra.bin',
    'masks/unused.png',
    'takes/t1/frame_004.png',
    'takes/t1/notes.txt',
    'depth/edited.f32',
    'takes/t9/frame_000.png',
    'a/b/c/d.png',
    'image.png.bak',
  ])
    add(`unused-${n}`, k.zipWith(good.doc, good.entries, { [n]: strToU8('x') }));
  const big = (): [Uint8Array, { level: 9 }] => [new Uint8Array(100 << 20), { level: 9 }];
  add('unused-two-large', k.zipWith(good.doc, good.entries, { 'big1.bin': big(), 'big2.bin': big() }));
  return out;
}
