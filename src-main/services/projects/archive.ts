import { zipSync, type Zippable } from 'fflate';
import sharp from 'sharp';
import type yauzl from 'yauzl';
import {
  ProjectError,
  entryName,
  frameEntryName,
  migrateProject,
  referencedEntries,
  type ProjectDocument,
} from '../../../src-shared/project';
import { MAX_PROJECT_BYTES, entryBounds, totalBound, type EntryBound } from './bounds';
import { InflateBudget, listEntries, openZip, readEntry } from './zipEntries';

/** A project in memory: the document plus every archive entry it owns (image, masks, depth, takes). */
export interface ProjectData {
  doc: ProjectDocument;
  entries: Map<string, Uint8Array>;
}

export interface ArchiveLimits {
  maxEntries: number;
  maxEntryBytes: number;
  /** The outer bound on all entries together; the document's own bounds usually give a lower one. */
  maxTotalBytes: number;
  /** Uncompressed / compressed ratio above which an entry is treated as a zip bomb. */
  maxRatio: number;
  /** The same for PNG entries, which hold compressed data already. */
  maxPngRatio: number;
  maxJsonBytes: number;
}

export const defaultArchiveLimits: ArchiveLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 1024 ** 3,
  maxTotalBytes: MAX_PROJECT_BYTES,
  maxRatio: 1000,
  maxPngRatio: 16,
  maxJsonBytes: 16 * 1024 ** 2,
};

const PROJECT_JSON = 'project.json';
/** Packed entries may expand past maxPngRatio by this much in all (see checkDirectory). */
const PACKED_SLACK = 16 << 20;
const damaged = 'The file is damaged or incomplete; open its .bak copy if there is one.';
// Fixed timestamp so the same project always gives the same bytes.
const MTIME = new Date(Date.UTC(2024, 0, 1));

/**
 * Serialises a project: only the entries its document uses (an autosave may hold take frames the document
 * does not list yet; a file with them would be refused on open). Already-compressed PNGs are stored, JSON
 * and float data deflated.
 */
export function writeArchive(data: ProjectData): Uint8Array {
  const files: Zippable = {
    [PROJECT_JSON]: [new TextEncoder().encode(JSON.stringify(data.doc, null, 1)), { level: 6, mtime: MTIME }],
  };
  const { entries: names, frameDirs } = referencedEntries(data.doc);
  const used = new Set(names);
  for (const fd of frameDirs) for (let i = 0; i < fd.count; i++) used.add(frameEntryName(fd.dir, i));
  for (const [name, bytes] of data.entries) {
    if (name === PROJECT_JSON || !used.has(name)) continue;
    files[name] = [bytes, { level: /\.(png|mp4|webm|jpe?g)$/i.test(name) ? 0 : 6, mtime: MTIME }];
  }
  return zipSync(files);
}

/** Reads and checks a .levitor archive; everything that goes wrong becomes a ProjectError. Never writes. */
export async function readArchive(
  source: string | Uint8Array,
  limits: ArchiveLimits = defaultArchiveLimits,
): Promise<ProjectData> {
  let zf: yauzl.ZipFile;
  try {
    zf = await openZip(source);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new ProjectError(
        'not-found',
        `The project file ${String(source)} does not exist.`,
        'Check the path or pick the file again.',
        { cause },
      );
    if (code === 'EISDIR' || code === 'EACCES' || code === 'EPERM')
      throw new ProjectError(
        'io',
        `The project file could not be read (${code}).`,
        'Check the file permissions.',
        { cause },
      );
    throw new ProjectError(
      'not-archive',
      // The library's words go behind Details (the handler adds the cause), not into the sentence.
      'The file is not a readable archive.',
      damaged,
      { cause },
    );
  }
  try {
    return await readEntries(zf, limits);
  } catch (e) {
    if (e instanceof ProjectError) throw e;
    throw new ProjectError('corrupt', `The project archive is corrupt: ${(e as Error).message}`, damaged, {
      cause: e,
    });
  } finally {
    zf.close();
  }
}

/**
 * Reads in an order that spends nothing on a lying file: the directory (names, counts, declared sizes),
 * then project.json, then the bounds the document allows (its image size decides its masks' and depth
 * maps' sizes), then the entries, each against its bound. An entry the document does not use is refused
 * before any is read.
 */
async function readEntries(zf: yauzl.ZipFile, limits: ArchiveLimits): Promise<ProjectData> {
  if (zf.entryCount > limits.maxEntries) {
    throw new ProjectError(
      'too-large',
      `The archive has ${zf.entryCount} entries (limit ${limits.maxEntries}).`,
      damaged,
    );
  }
  const byName = new Map<string, yauzl.Entry>();
  for (const entry of await listEntries(zf)) {
    const name = entry.fileName;
    if (name.endsWith('/')) continue; // directory record
    if (!entryName.safeParse(name).success) {
      throw new ProjectError(
        'corrupt',
        `The archive holds an entry with an unsafe name (${JSON.stringify(name.slice(0, 80))}).`,
        damaged,
      );
    }
    if (byName.has(name)) throw new ProjectError('corrupt', `The archive holds ${name} twice.`, damaged);
    byName.set(name, entry);
  }
  const jsonEntry = byName.get(PROJECT_JSON);
  if (!jsonEntry)
    throw new ProjectError(
      'foreign',
      'The archive has no project.json.',
      'Open a .levitor file saved by LeviTor Studio.',
    );
  checkSize(jsonEntry, limits.maxJsonBytes, limits);
  const jsonBudget = new InflateBudget(jsonEntry.uncompressedSize);
  const doc = parseDocument(await readEntry(zf, jsonEntry, jsonBudget));
  const bounds = entryBounds(doc, limits.maxEntries);
  const present = [...byName.keys()].filter((n) => n !== PROJECT_JSON);
  // What the entries present may hold together: the sum of their bounds, never above the ceiling.
  const limit = Math.min(totalBound(bounds, present), limits.maxTotalBytes);
  checkDirectory(
    present.map((n) => [byName.get(n)!, bounds.get(n)]),
    limit,
    limits,
  );
  // Every inflated byte is counted against that total as it arrives (the second line behind the
  // directory's claims: a stream that runs past them is stopped at that chunk).
  const budget = new InflateBudget(limit);
  // The image first, checked by its header: every other bound comes from the size the document claims,
  // so a claim its own image does not back (a 48 x 64 image in a "16384 x 16384" project, to get 1 GiB
  // masks past the bounds) is refused before any other entry is inflated.
  const entries = new Map<string, Uint8Array>();
  const imageEntry = byName.get(doc.image.entry);
  if (imageEntry) {
    const image = await readEntry(zf, imageEntry, budget);
    await checkImageHeader(image, doc);
    entries.set(doc.image.entry, image);
  }
  // Each entry the open project holds: it is the document being edited (masks, depth, take frames are
  // what a save writes again and what an export reads; see the README for why none is left on disk).
  for (const name of present)
    if (!entries.has(name))
      entries.set(name, await readEntry(zf, byName.get(name)!, budget, bounds.get(name)));
  return { doc, entries };
}

/**
 * The directory's own claims, before any entry is inflated: each entry is one the document uses and
 * within its bound; the declared sizes together within what the document can hold; a packed entry
 * (PNG, video) that expands like raw data is a bomb, one by one and all together.
 */
function checkDirectory(
  list: [yauzl.Entry, EntryBound | undefined][],
  limit: number,
  limits: ArchiveLimits,
): void {
  let total = 0;
  let packed = 0;
  let packedStored = 0;
  for (const [entry, bound] of list) {
    if (bound === undefined)
      throw new ProjectError(
        'corrupt',
        `The archive holds ${entry.fileName}, which the project does not use (a LeviTor project holds only what it uses).`,
        damaged,
      );
    checkSize(entry, Math.min(bound.max, limits.maxEntryBytes), limits, bound.packed);
    total += entry.uncompressedSize;
    if (bound.packed) {
      packed += entry.uncompressedSize;
      packedStored += entry.compressedSize;
    }
  }
  if (total > limit)
    throw new ProjectError(
      'too-large',
      `The archive's entries declare ${total} bytes together; this project can hold at most ${limit}.`,
      damaged,
    );
  // Many small "PNGs" of 1 MiB each that deflate 1000:1 pass every rule one by one; together they are
  // the same bomb. Packed entries inflate at most maxPngRatio times their bytes in the file (+16 MiB for
  // a re-zipped file's many tiny masks, whose PNG data may deflate a second time).
  if (packed > packedStored * limits.maxPngRatio + PACKED_SLACK)
    throw new ProjectError(
      'too-large',
      `The archive's images expand ${Math.round(packed / Math.max(1, packedStored))}x together; images never compress that well (a zip bomb?).`,
      damaged,
    );
}

async function checkImageHeader(bytes: Uint8Array, doc: ProjectDocument): Promise<void> {
  let meta: { width?: number | undefined; height?: number | undefined };
  try {
    meta = await sharp(bytes).metadata(); // the header only, no pixels
  } catch (cause) {
    throw new ProjectError(
      'corrupt',
      `The source image is not a readable image: ${(cause as Error).message}`,
      damaged,
      { cause },
    );
  }
  const { width: W, height: H } = doc.image;
  if (meta.width !== W || meta.height !== H)
    throw new ProjectError(
      'corrupt',
      `The source image is ${meta.width ?? '?'}x${meta.height ?? '?'} but the project says ${W}x${H}.`,
      damaged,
    );
}

function checkSize(entry: yauzl.Entry, max: number, limits: ArchiveLimits, packed = false): void {
  const name = entry.fileName;
  const size = entry.uncompressedSize;
  if (size > max)
    throw new ProjectError(
      'too-large',
      `The archive entry ${name} is too large (${size} bytes; this project allows at most ${max}).`,
      damaged,
    );
  // A PNG (or a video) is compressed already (the studio stores it as is; a re-zipped one shrinks a few
  // percent): one that expands more than maxPngRatio in the archive holds raw pixels, a bomb.
  const ratio = size / Math.max(1, entry.compressedSize);
  if (size > 1024 * 1024 && packed && ratio > limits.maxPngRatio)
    throw new ProjectError(
      'too-large',
      `The archive entry ${name} expands ${Math.round(ratio)}x; ${/\.png$/i.test(name) ? 'a PNG image' : 'a video'} never compresses that well (a zip bomb?).`,
      damaged,
    );
  if (size > 1024 * 1024 && ratio > limits.maxRatio) {
    throw new ProjectError(
      'too-large',
      `The archive entry ${name} expands ${Math.round(size / Math.max(1, entry.compressedSize))}x (a zip bomb?).`,
      damaged,
    );
  }
}

function parseDocument(json: Uint8Array): ProjectDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (cause) {
    throw new ProjectError(
      'corrupt',
      `project.json is not valid JSON: ${(cause as Error).message}`,
      damaged,
      { cause },
    );
  }
  return migrateProject(raw);
}
