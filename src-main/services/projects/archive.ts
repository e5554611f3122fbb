import { zipSync, type Zippable } from 'fflate';
import sharp from 'sharp';
import yauzl from 'yauzl';
import {
  ProjectError,
  entryName,
  frameEntryName,
  migrateProject,
  referencedEntries,
  type ProjectDocument,
} from '../../../src-shared/project';
import { entryBounds } from './bounds';
import { crc32 } from './crc32';

/** A project in memory: the document plus every archive entry it owns (image, masks, depth, takes). */
export interface ProjectData {
  doc: ProjectDocument;
  entries: Map<string, Uint8Array>;
}

export interface ArchiveLimits {
  maxEntries: number;
  maxEntryBytes: number;
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
  maxTotalBytes: 4 * 1024 ** 3,
  maxRatio: 1000,
  maxPngRatio: 16,
  maxJsonBytes: 16 * 1024 ** 2,
};

const PROJECT_JSON = 'project.json';
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

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((res, rej) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true },
      (err, zf) => (err ? rej(err) : res(zf)),
    ),
  );
}

/**
 * Reads one entry into a buffer of its declared size (no growing list of chunks: the declared size is
 * already bounded); yauzl's `validateEntrySizes` fails the stream if the data runs longer or shorter.
 */
function readEntry(zf: yauzl.ZipFile, entry: yauzl.Entry): Promise<Uint8Array> {
  return new Promise((res, rej) =>
    zf.openReadStream(entry, (err, stream) => {
      if (err) return rej(err);
      const out = Buffer.allocUnsafe(entry.uncompressedSize);
      let at = 0;
      stream.on('data', (c: Buffer) => {
        if (at + c.length > out.length) {
          stream.destroy(new Error(`${entry.fileName} is longer than it says`));
          return;
        }
        c.copy(out, at);
        at += c.length;
      });
      stream.on('error', rej);
      stream.on('end', () =>
        at === out.length ? res(out) : rej(new Error(`${entry.fileName} is truncated`)),
      );
    }),
  );
}

/** The central directory's records, in order; no entry data is read yet. */
async function listEntries(zf: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  const list: yauzl.Entry[] = [];
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((res, rej) => {
      const onEntry = (e: yauzl.Entry): void => {
        cleanup();
        res(e);
      };
      const onEnd = (): void => {
        cleanup();
        res(null);
      };
      const onError = (err: Error): void => {
        cleanup();
        rej(err);
      };
      const cleanup = (): void => {
        zf.off('entry', onEntry);
        zf.off('end', onEnd);
        zf.off('error', onError);
      };
      zf.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zf.readEntry();
    });
    if (!entry) return list;
    list.push(entry);
  }
}

/** Reads and checks a .levitor archive; everything that goes wrong becomes a ProjectError. Never writes. */
export async function readArchive(
  path: string,
  limits: ArchiveLimits = defaultArchiveLimits,
): Promise<ProjectData> {
  let zf: yauzl.ZipFile;
  try {
    zf = await openZip(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new ProjectError(
        'not-found',
        `The project file ${path} does not exist.`,
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
  const doc = parseDocument(await readChecked(zf, jsonEntry));
  const bounds = entryBounds(doc, limits.maxEntries);
  let total = 0;
  for (const [name, entry] of byName) {
    if (name === PROJECT_JSON) continue;
    const max = bounds.get(name);
    if (max === undefined)
      throw new ProjectError(
        'corrupt',
        `The archive holds ${name}, which the project does not use (a LeviTor project holds only what it uses).`,
        damaged,
      );
    checkSize(entry, Math.min(max, limits.maxEntryBytes), limits);
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes)
      throw new ProjectError(
        'too-large',
        `The archive's entries hold more than ${limits.maxTotalBytes} bytes together.`,
        damaged,
      );
  }
  // The image first, checked by its header: every other bound comes from the size the document claims,
  // so a claim its own image does not back (a 48 x 64 image in a "16384 x 16384" project, to get 1 GiB
  // masks past the bounds) is refused before any other entry is inflated.
  const entries = new Map<string, Uint8Array>();
  const imageEntry = byName.get(doc.image.entry);
  if (imageEntry) {
    const image = await readChecked(zf, imageEntry);
    await checkImageHeader(image, doc);
    entries.set(doc.image.entry, image);
  }
  for (const [name, entry] of byName)
    if (name !== PROJECT_JSON && !entries.has(name)) entries.set(name, await readChecked(zf, entry));
  return { doc, entries };
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

function checkSize(entry: yauzl.Entry, max: number, limits: ArchiveLimits): void {
  const name = entry.fileName;
  const size = entry.uncompressedSize;
  if (size > max)
    throw new ProjectError(
      'too-large',
      `The archive entry ${name} is too large (${size} bytes; this project allows at most ${max}).`,
      damaged,
    );
  // A PNG is compressed already (the studio stores it as is; a re-zipped one shrinks a few percent): one
  // that expands more than maxPngRatio in the archive holds raw pixels, which is what a bomb looks like.
  const ratio = size / Math.max(1, entry.compressedSize);
  if (size > 1024 * 1024 && /\.png$/i.test(name) && ratio > limits.maxPngRatio)
    throw new ProjectError(
      'too-large',
      `The archive entry ${name} expands ${Math.round(ratio)}x; a PNG image never compresses that well (a zip bomb?).`,
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

async function readChecked(zf: yauzl.ZipFile, entry: yauzl.Entry): Promise<Uint8Array> {
  const bytes = await readEntry(zf, entry);
  if (crc32(bytes) !== entry.crc32)
    throw new ProjectError('corrupt', `The archive entry ${entry.fileName} fails its checksum.`, damaged);
  return bytes;
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
