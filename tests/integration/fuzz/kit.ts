import { strToU8, zipSync, type Zippable } from 'fflate';
import { writeArchive, type ProjectData } from '../../../src-main/services/projects';
import type { ProjectDocument } from '../../../src-shared/project';
import { makeProject } from '../projectFixture';

/** One hostile file: its name says what it tries. */
export interface FuzzCase {
  name: string;
  bytes: Uint8Array;
}

/** What every case generator starts from: a complete project (every entry kind) and helpers. */
export interface FuzzKit {
  good: ProjectData;
  goodBytes: Uint8Array;
  /** A seeded generator: the same cases on every run. */
  rand(n: number): number;
  doc(): ProjectDocument;
  /** An archive of `doc` and `entries` (deflated), plus `extra` entries as given. */
  zipWith(doc: unknown, entries: Map<string, Uint8Array>, extra?: Zippable): Uint8Array;
  /** The good entries with one replaced. */
  withEntry(name: string, bytes: Uint8Array): Map<string, Uint8Array>;
}

/** The fixture with a video take too (a small one), so every entry kind the format has is present. */
export async function fuzzKit(seed: number): Promise<FuzzKit> {
  const good = await makeProject({ padBytes: 4096 });
  let s = seed;
  return {
    good,
    goodBytes: writeArchive(good),
    rand: (n) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n,
    doc: () => structuredClone(good.doc),
    zipWith(doc, entries, extra = {}) {
      const files: Zippable = { 'project.json': strToU8(JSON.stringify(doc)), ...extra };
      for (const [k, v] of entries) files[k] = v;
      return zipSync(files);
    },
    withEntry: (name, bytes) => new Map(good.entries).set(name, bytes),
  };
}

/** Offsets of each record with `signature` (central 0x02014b50, local 0x04034b50) in a zip. */
export function records(zip: Uint8Array, signature: number): number[] {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) if (v.getUint32(i, true) === signature) out.push(i);
  return out;
}

/** Entry names that escape or are not the archive's own form (zip-slip, absolute, drive, backslash). */
export const SLIP_NAMES = [
  '../evil.png',
  '/abs.png',
  'a/../../b.png',
  'C:\\x.png',
  'masks\\x.png',
  'a//b.png',
  './image.png',
];
