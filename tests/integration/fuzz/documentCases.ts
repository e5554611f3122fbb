import { strToU8, zipSync } from 'fflate';
import { PROJECT_SCHEMA_VERSION, projectSchema, type ProjectDocument } from '../../../src-shared/project';
import { SLIP_NAMES, type FuzzCase, type FuzzKit } from './kit';

/**
 * project.json: not JSON, bad UTF-8, newer versions, a wrong type in every field, a missing field, unsafe
 * entry names in every field that names one, and claims (image, depth, take sizes) its entries do not back.
 */
export function documentCases(k: FuzzKit): FuzzCase[] {
  const out: FuzzCase[] = [];
  const add = (name: string, bytes: Uint8Array): void => void out.push({ name, bytes });
  // project.json that is not JSON / not an object / bad UTF-8.
  for (const t of ['', '{', 'null', '[]', '42', '"x"', '{"format":"levitor-project"}', '\u0000'])
    add(
      `json-text-${JSON.stringify(t)}`,
      zipSync({ 'project.json': strToU8(t), 'image.png': k.good.entries.get('image.png')! }),
    );
  add('json-bad-utf8', zipSync({ 'project.json': new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }));
  // Newer versions.
  for (const v of [PROJECT_SCHEMA_VERSION + 1, 10, 1e9])
    add(`newer-${v}`, k.zipWith({ ...k.doc(), version: v }, k.good.entries));
  // Wrong types in every top-level and nested field.
  const paths: string[][] = [
    ['name'],
    ['image'],
    ['image', 'width'],
    ['image', 'fit'],
    ['image', 'orientation'],
    ['objects'],
    ['objects', '0'],
    ['objects', '0', 'id'],
    ['objects', '0', 'colour'],
    ['objects', '0', 'kind'],
    ['objects', '0', 'trajectory'],
    ['objects', '0', 'trajectory', 'points', '0', 'depth'],
    ['objects', '0', 'trajectory', 'timing'],
    ['objects', '0', 'prompts', 'points', '0', 'label'],
    ['autoSegments'],
    ['depth'],
    ['depth', 'original', 'kind'],
    ['settings'],
    ['settings', 'seed'],
    ['settings', 'steps'],
    ['settings', 'resolution'],
    ['takes', '0', 'fps'],
    ['takes', '0', 'created'],
    ['ui'],
    ['ui', 'zoom'],
  ];
  const wrongs: unknown[] = ['str', -1, 1.5, null, [], { a: 1 }, true];
  for (const p of paths) {
    for (const w of wrongs) {
      const d = k.doc() as unknown as Record<string, unknown>;
      let o: Record<string, unknown> = d;
      for (const k of p.slice(0, -1)) o = o[k] as Record<string, unknown>;
      const before = JSON.stringify(o[p.at(-1)!]);
      if (JSON.stringify(w) === before) continue;
      if (p.join('.') === 'objects.0.trajectory' && w === null) continue; // null trajectory is valid for any object
      if (p.at(-1) === 'name' && w === 'str') continue;
      if (Array.isArray(o[p.at(-1)!]) && Array.isArray(w) && w.length === 0) continue; // an empty list is valid
      o[p.at(-1)!] = w;
      if (projectSchema.safeParse(d).success) continue; // still a valid value (e.g. any string id, zoom 1.5)
      add(`type-${p.join('.')}=${JSON.stringify(w)}`, k.zipWith(d, k.good.entries));
    }
  }
  for (const field of Object.keys(k.good.doc)) {
    const d = k.doc() as unknown as Record<string, unknown>;
    delete d[field];
    add(`missing-field-${field}`, k.zipWith(d, k.good.entries));
  }
  for (const n of SLIP_NAMES)
    add(`slip-doc-${n}`, k.zipWith({ ...k.doc(), image: { ...k.good.doc.image, entry: n } }, k.good.entries));
  // The document claims more than its image: bounds come from a real image, not from the claim.
  for (const [w, h] of [
    [16384, 16384],
    [4096, 64],
    [48, 16384],
    [49, 64],
  ] as const) {
    add(
      `claim-image-${w}x${h}`,
      k.zipWith({ ...k.doc(), image: { ...k.good.doc.image, width: w, height: h } }, k.good.entries),
    );
    const d = k.doc();
    d.depth.original = { ...d.depth.original!, width: w, height: h };
    add(`claim-depth-${w}x${h}`, k.zipWith(d, k.good.entries));
  }
  for (const [w, h] of [
    [4096, 4096],
    [2049, 100],
    [100, 16384],
  ] as const) {
    const d = k.doc();
    d.takes[0] = { ...d.takes[0]!, width: w, height: h };
    add(`claim-take-${w}x${h}`, k.zipWith(d, k.good.entries));
  }
  // Unsafe names in every field of the document that names an entry.
  const setters: [string, (d: ProjectDocument, n: string) => void][] = [
    ['mask', (d, n) => void (d.objects[0]!.mask = n)],
    ['segment', (d, n) => void (d.autoSegments[0] = n)],
    ['depth', (d, n) => void (d.depth.original!.entry = n)],
    ['frames', (d, n) => void (d.takes[0]!.frames = { dir: n, count: 4 })],
    ['video', (d, n) => void (d.takes[0] = { ...d.takes[0]!, frames: null, video: n })],
  ];
  for (const [field, set] of setters)
    for (const n of [
      '../x.png',
      '/etc/passwd',
      'a/../../b',
      'C:\\x',
      'a//b',
      './a',
      'a/./b',
      '',
      'x'.repeat(300),
      'é.png',
    ]) {
      const d = k.doc();
      set(d, n);
      add(`name-${field}-${JSON.stringify(n.slice(0, 20))}`, k.zipWith(d, k.good.entries));
    }
  return out;
}
