import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserServer } from '../../src-main/hosts/browserServer';
import type { StudioServices } from '../../src-main/services';
import {
  ProjectService,
  createProjectHandlers,
  writeArchive,
  type ProjectData,
} from '../../src-main/services/projects';
import { decodeFrame, encodeFrame } from '../../src-shared/ipc/wireBinary';
import { PROJECT_SCHEMA_VERSION, projectSchema } from '../../src-shared/project';
import { makeProject } from './projectFixture';

// Every case is a file that must be refused with a ProjectError, leaving the folder exactly as it was.
let dir: string;
let good: ProjectData;
let goodBytes: Uint8Array;
const cases: { name: string; bytes: Uint8Array }[] = [];

let seed = 99;
const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;

function zipWith(doc: unknown, entries: Map<string, Uint8Array>, extra: Zippable = {}): Uint8Array {
  const files: Zippable = { 'project.json': strToU8(JSON.stringify(doc)), ...extra };
  for (const [k, v] of entries) files[k] = v;
  return zipSync(files);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-fuzz-'));
  good = await makeProject();
  goodBytes = writeArchive(good);
  const docCopy = (): ReturnType<typeof structuredClone<ProjectData['doc']>> => structuredClone(good.doc);
  const add = (name: string, bytes: Uint8Array): void => void cases.push({ name, bytes });

  // Truncations (40) and bit flips in archive bytes (80; only flips that change meaning count, see test).
  for (let i = 0; i < 80; i++)
    add(`truncate-${i}`, goodBytes.subarray(0, Math.floor((goodBytes.length * i) / 80)));
  for (let i = 0; i < 80; i++) {
    const b = goodBytes.slice();
    const pos = rand(b.length);
    b[pos]! ^= 1 << rand(8);
    add(`flip-${pos}`, b);
  }
  // Non-zip and foreign files.
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
  // project.json that is not JSON / not an object / bad UTF-8.
  for (const t of ['', '{', 'null', '[]', '42', '"x"', '{"format":"levitor-project"}', '\u0000'])
    add(
      `json-text-${JSON.stringify(t)}`,
      zipSync({ 'project.json': strToU8(t), 'image.png': good.entries.get('image.png')! }),
    );
  add('json-bad-utf8', zipSync({ 'project.json': new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }));
  // Newer versions.
  for (const v of [PROJECT_SCHEMA_VERSION + 1, 10, 1e9])
    add(`newer-${v}`, zipWith({ ...docCopy(), version: v }, good.entries));
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
      const d = docCopy() as unknown as Record<string, unknown>;
      let o: Record<string, unknown> = d;
      for (const k of p.slice(0, -1)) o = o[k] as Record<string, unknown>;
      const before = JSON.stringify(o[p.at(-1)!]);
      if (JSON.stringify(w) === before) continue;
      if (p.join('.') === 'objects.0.trajectory' && w === null) continue; // null trajectory is valid for any object
      if (p.at(-1) === 'name' && w === 'str') continue;
      if (Array.isArray(o[p.at(-1)!]) && Array.isArray(w) && w.length === 0) continue; // an empty list is valid
      o[p.at(-1)!] = w;
      if (projectSchema.safeParse(d).success) continue; // still a valid value (e.g. any string id, zoom 1.5)
      add(`type-${p.join('.')}=${JSON.stringify(w)}`, zipWith(d, good.entries));
    }
  }
  // Missing entries and missing required fields.
  for (const k of good.entries.keys()) {
    const e = new Map(good.entries);
    e.delete(k);
    add(`missing-entry-${k}`, zipWith(good.doc, e));
  }
  for (const k of Object.keys(good.doc)) {
    const d = docCopy() as unknown as Record<string, unknown>;
    delete d[k];
    add(`missing-field-${k}`, zipWith(d, good.entries));
  }
  // Inconsistent sizes and undecodable images.
  add(
    'image-size-mismatch',
    zipWith({ ...docCopy(), image: { ...good.doc.image, width: 49 } }, good.entries),
  );
  add('depth-short', zipWith(good.doc, new Map(good.entries).set('depth/original.f32', new Uint8Array(100))));
  add(
    'mask-wrong-size',
    zipWith(
      good.doc,
      new Map(good.entries).set('masks/obj1.png', good.entries.get('takes/t1/frame_000.png')!.slice(0, 0)),
    ),
  );
  add(
    'image-garbage',
    zipWith(good.doc, new Map(good.entries).set('image.png', new Uint8Array(500).fill(7))),
  );
  add(
    'image-truncated',
    zipWith(
      good.doc,
      new Map(good.entries).set('image.png', good.entries.get('image.png')!.subarray(0, 120)),
    ),
  );
  add(
    'take-frame-count',
    zipWith(
      { ...docCopy(), takes: [{ ...good.doc.takes[0]!, frames: { dir: 'takes/t1', count: 9 } }] },
      good.entries,
    ),
  );
  add(
    'duplicate-object-ids',
    zipWith({ ...docCopy(), objects: [good.doc.objects[0], good.doc.objects[0]] }, good.entries),
  );
  // Zip-slip and illegal names, in the archive and in the document.
  for (const n of [
    '../evil.png',
    '/abs.png',
    'a/../../b.png',
    'C:\\x.png',
    'masks\\x.png',
    'a//b.png',
    './image.png',
  ]) {
    add(`slip-entry-${n}`, zipWith(good.doc, good.entries, { [n]: strToU8('x') }));
    add(`slip-doc-${n}`, zipWith({ ...docCopy(), image: { ...good.doc.image, entry: n } }, good.entries));
  }
  // Huge declared sizes / zip bomb / too many entries.
  const bomb = zipSync({
    'project.json': strToU8(JSON.stringify(good.doc)),
    'bomb.bin': [new Uint8Array(64 << 20), { level: 9 }],
  });
  add('zip-bomb', bomb);
  const many: Zippable = { 'project.json': strToU8(JSON.stringify(good.doc)) };
  for (let i = 0; i < 20_001; i++) many[`m/${i}`] = [new Uint8Array(0), { level: 0 }];
  add('too-many-entries', zipSync(many));
  const huge = zipWith({ ...docCopy(), name: 'x'.repeat(100) }, good.entries);
  // Lie about project.json's uncompressed size in the central directory (validateEntrySizes catches it).
  const lie = huge.slice();
  const dv = new DataView(lie.buffer);
  for (let i = lie.length - 22; i >= 0; i--) {
    if (dv.getUint32(i, true) === 0x02014b50) {
      dv.setUint32(i + 24, 0x7fffffff, true);
      break;
    }
  }
  add('huge-declared-size', lie);

  // Entries the document does not use: small, large (the two 100 MB entries that killed the browser
  // host), beyond a take's frame count, under a frame folder, a directory record with content.
  const zeros = (n: number): Uint8Array => new Uint8Array(n);
  const deflated = (n: number): [Uint8Array, { level: 9 }] => [zeros(n), { level: 9 }];
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
    add(`unused-${n}`, zipWith(good.doc, good.entries, { [n]: strToU8('x') }));
  add(
    'unused-two-large',
    zipWith(good.doc, good.entries, { 'big1.bin': deflated(100 << 20), 'big2.bin': deflated(100 << 20) }),
  );
  // Bombs in referenced entries: each larger than the project's image allows, so refused before inflating.
  for (const [name, size] of [
    ['depth/original.f32', 64 << 20],
    ['masks/obj1.png', 32 << 20],
    ['image.png', 48 << 20],
    ['takes/t1/frame_000.png', 16 << 20],
    ['depth/original.f32', good.doc.image.width * good.doc.image.height * 4 + 4],
  ] as const)
    add(`bomb-${name}-${size}`, zipWith(good.doc, new Map(good.entries).set(name, zeros(size))));
  add('bomb-project-json', zipSync({ 'project.json': [strToU8(' '.repeat(20 << 20)), { level: 9 }] }));
  // The document claims more than its image: bounds come from a real image, not from the claim.
  for (const [w, h] of [
    [16384, 16384],
    [4096, 64],
    [48, 16384],
    [49, 64],
  ] as const) {
    add(
      `claim-image-${w}x${h}`,
      zipWith({ ...docCopy(), image: { ...good.doc.image, width: w, height: h } }, good.entries),
    );
    const d = docCopy();
    d.depth.original = { ...d.depth.original!, width: w, height: h };
    add(`claim-depth-${w}x${h}`, zipWith(d, good.entries));
  }
  for (const [w, h] of [
    [4096, 4096],
    [2049, 100],
    [100, 16384],
  ] as const) {
    const d = docCopy();
    d.takes[0] = { ...d.takes[0]!, width: w, height: h };
    add(`claim-take-${w}x${h}`, zipWith(d, good.entries));
  }
  // Amplification: names repeated or multiplied far past what the archive holds.
  {
    const d = docCopy();
    d.autoSegments = Array.from({ length: 4096 }, () => 'masks/bad.png');
    add(
      'amplify-bad-mask-4096',
      zipWith(d, new Map(good.entries).set('masks/bad.png', strToU8('not a png'))),
    );
    const d2 = docCopy();
    d2.takes = Array.from({ length: 1000 }, (_, i) => ({
      ...good.doc.takes[0]!,
      id: `t${i}`,
      frames: { dir: `takes/t${i}`, count: 10_000 },
    }));
    add('amplify-1000-takes-of-10000-frames', zipWith(d2, good.entries));
    const d3 = docCopy();
    d3.takes = Array.from({ length: 1000 }, (_, i) => ({ ...good.doc.takes[0]!, id: `t${i}` }));
    d3.takes[999] = { ...d3.takes[999]!, width: 47 };
    add('amplify-1000-takes-one-folder', zipWith(d3, good.entries));
    const d4 = docCopy();
    d4.objects[1] = { ...d4.objects[1]!, mask: 'image.png' };
    add('amplify-image-as-mask', zipWith(d4, good.entries));
    const d5 = docCopy();
    d5.depth.original = { ...d5.depth.original!, entry: 'masks/obj1.png' };
    add('amplify-mask-as-depth', zipWith(d5, good.entries));
  }
  // Unsafe names in every field of the document that names an entry.
  const setters: [string, (d: ProjectData['doc'], n: string) => void][] = [
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
      const d = docCopy();
      set(d, n);
      add(`name-${field}-${JSON.stringify(n.slice(0, 20))}`, zipWith(d, good.entries));
    }
  // Random bytes in place of every entry kind (image, masks, depth, frames), of several lengths.
  for (const k of good.entries.keys())
    for (const len of [0, 7, 33, 1000, 4096])
      add(
        `random-entry-${k}-${len}`,
        zipWith(
          good.doc,
          new Map(good.entries).set(
            k,
            new Uint8Array(len).map(() => rand(256)),
          ),
        ),
      );
  // Size lies in the local and central headers of each entry.
  for (const [k, off] of [
    ['central-compressed', 20],
    ['central-uncompressed', 24],
    ['central-crc', 16],
  ] as const) {
    for (let nth = 0; nth < 6; nth++) {
      const b = goodBytes.slice();
      const v = new DataView(b.buffer);
      let seen = 0;
      for (let i = 0; i + 4 <= b.length; i++)
        if (v.getUint32(i, true) === 0x02014b50 && seen++ === nth) {
          v.setUint32(i + off, (v.getUint32(i + off, true) + 1 + nth * 977) >>> 0, true);
          break;
        }
      add(`lie-${k}-${nth}`, b);
    }
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Reply {
  ok: boolean;
  error?: { code: string; message: string };
  result?: unknown;
}

/** One request over the browser host's WebSocket, as the studio's renderer sends it. */
function call(ws: WebSocket, id: number, channel: string, payload: unknown): Promise<Reply> {
  return new Promise((res, rej) => {
    const onMessage = (d: WebSocket.RawData, binary: boolean): void => {
      const r = decodeFrame(binary ? new Uint8Array(d as Buffer) : d.toString()) as Reply & { id: number };
      if (r.id !== id) return;
      ws.off('message', onMessage);
      res(r);
    };
    ws.on('message', onMessage);
    ws.once('close', () => rej(new Error('the host closed the connection')));
    ws.send(encodeFrame({ kind: 'request', id, channel, payload }));
  });
}

describe('corrupted project files', () => {
  it('builds at least 500 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(500);
  });

  it('refuses every case through the browser host with a clear message, in bounded time and memory; the host, the open project and its file stay as they were', async () => {
    // The studio as the renderer reaches it: a real browser host (loopback WebSocket, token) over the real
    // project handlers, with a project open from a file.
    const svc = new ProjectService({
      settingsDir: join(dir, 'settings'),
      recoveryDir: join(dir, 'recovery'),
    });
    const handlers = createProjectHandlers(svc);
    const services = { extraHandlers: handlers } as unknown as StudioServices;
    const server = await startBrowserServer({ rendererDir: dir, services: () => services });
    const ws = await new Promise<WebSocket>((res, rej) => {
      const w = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
        origin: `http://127.0.0.1:${server.port}`,
      });
      w.once('open', () => res(w));
      w.once('error', rej);
    });
    const openPath = join(dir, 'open.levitor');
    await writeFile(openPath, goodBytes);
    await svc.open(openPath);
    const casesDir = join(dir, 'cases');
    await mkdir(casesDir);
    const refused: Record<string, number> = {};
    const failures: string[] = [];
    let flipsAccepted = 0;
    let slowest = { ms: 0, name: '' };
    let peakRss = process.memoryUsage().rss;
    const rss0 = peakRss;
    const outside = async (): Promise<string[]> => (await readdir(dir)).sort();
    const dirBefore = await outside();
    let id = 1;
    for (const c of cases) {
      const t0 = performance.now();
      const r = await call(ws, id++, 'project:openBytes', {
        name: 'case.levitor',
        bytes: c.bytes,
      });
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms, name: c.name };
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (r.ok) {
        // A flip or a size lie in bytes nothing reads (a timestamp, an attribute, the slack after a deflate
        // stream) may leave the project intact; what
        // must never happen is a silently different document.
        const snap = r.result as { doc: unknown };
        if (!/^(flip|lie)-/.test(c.name)) failures.push(`${c.name}: opened`);
        else expect(snap.doc, c.name).toEqual(good.doc);
        flipsAccepted++;
        await svc.open(openPath);
        continue;
      }
      const code = r.error?.code ?? '';
      if (!code.startsWith('project/')) failures.push(`${c.name}: ${code} ${r.error?.message}`);
      expect(r.error?.message.length, c.name).toBeGreaterThan(40); // what happened and what to do
      refused[code] = (refused[code] ?? 0) + 1;
      expect(svc.state.path, c.name).toBe(openPath);
      expect(svc.data?.doc.name, c.name).toBe(good.doc.name);
    }
    // The host is alive and answers (a channel that needs no file access: this host is given no file
    // service); the open file and the folders are as they were.
    expect((await call(ws, id++, 'project:recoverList', {})).ok).toBe(true);
    expect(Buffer.from(await readFile(openPath)).equals(Buffer.from(goodBytes))).toBe(true);
    expect(await readdir(casesDir)).toEqual([]);
    expect(await outside()).toEqual(dirBefore);
    expect(failures).toEqual([]);
    // The bounds this suite holds every case to: 10 s and 1 GiB of resident memory above the start
    // (the figures seen are printed; a 100 MB bomb inflated would pass the memory bound by itself).
    expect(slowest.ms).toBeLessThan(10_000);
    expect(peakRss - rss0).toBeLessThan(1 << 30);
    console.log(
      `fuzz: ${cases.length} cases through the browser host, refused by code ${JSON.stringify(refused)}, harmless flips or size lies accepted ${flipsAccepted}; slowest ${slowest.ms.toFixed(0)} ms (${slowest.name}), peak RSS +${((peakRss - rss0) / 2 ** 20).toFixed(0)} MiB`,
    );
    expect(flipsAccepted).toBeLessThan(20);
    ws.close();
    await server.close();
    svc.dispose();
  }, 120_000);
});
