import { zipSync, type Zippable } from 'fflate';
import yauzl from 'yauzl';
import { ProjectError, entryName, migrateProject, type ProjectDocument } from '../../../src-shared/project';
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
  maxJsonBytes: number;
}

export const defaultArchiveLimits: ArchiveLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 1024 ** 3,
  maxTotalBytes: 4 * 1024 ** 3,
  maxRatio: 1000,
  maxJsonBytes: 16 * 1024 ** 2,
};

const PROJECT_JSON = 'project.json';
const damaged = 'The file is damaged or incomplete; open its .bak copy if there is one.';
// Fixed timestamp so the same project always gives the same bytes.
const MTIME = new Date(Date.UTC(2024, 0, 1));

/** Serialises a project; already-compressed PNGs are stored, JSON and float data deflated. */
export function writeArchive(data: ProjectData): Uint8Array {
  const files: Zippable = {
    [PROJECT_JSON]: [new TextEncoder().encode(JSON.stringify(data.doc, null, 1)), { level: 6, mtime: MTIME }],
  };
  for (const [name, bytes] of data.entries) {
    if (name === PROJECT_JSON) continue;
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

function readEntry(zf: yauzl.ZipFile, entry: yauzl.Entry): Promise<Uint8Array> {
  return new Promise((res, rej) =>
    zf.openReadStream(entry, (err, stream) => {
      if (err) return rej(err);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', rej);
      stream.on('end', () => res(Buffer.concat(chunks)));
    }),
  );
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
      `This is not a LeviTor project: the file is not a readable archive (${(cause as Error).message}).`,
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

async function readEntries(zf: yauzl.ZipFile, limits: ArchiveLimits): Promise<ProjectData> {
  if (zf.entryCount > limits.maxEntries) {
    throw new ProjectError(
      'too-large',
      `The archive has ${zf.entryCount} entries (limit ${limits.maxEntries}).`,
      damaged,
    );
  }
  const entries = new Map<string, Uint8Array>();
  let total = 0;
  let json: Uint8Array | null = null;
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
    if (!entry) break;
    const name = entry.fileName;
    if (name.endsWith('/')) continue; // directory record
    if (!entryName.safeParse(name).success) {
      throw new ProjectError(
        'corrupt',
        `The archive holds an entry with an unsafe name (${JSON.stringify(name.slice(0, 80))}).`,
        damaged,
      );
    }
    if (entries.has(name) || (name === PROJECT_JSON && json))
      throw new ProjectError('corrupt', `The archive holds ${name} twice.`, damaged);
    const size = entry.uncompressedSize;
    const max = name === PROJECT_JSON ? limits.maxJsonBytes : limits.maxEntryBytes;
    if (size > max || total + size > limits.maxTotalBytes) {
      throw new ProjectError('too-large', `The archive entry ${name} is too large (${size} bytes).`, damaged);
    }
    if (size > 1024 * 1024 && size / Math.max(1, entry.compressedSize) > limits.maxRatio) {
      throw new ProjectError(
        'too-large',
        `The archive entry ${name} expands ${Math.round(size / Math.max(1, entry.compressedSize))}x (a zip bomb?).`,
        damaged,
      );
    }
    total += size;
    const bytes = await readEntry(zf, entry);
    if (crc32(bytes) !== entry.crc32)
      throw new ProjectError('corrupt', `The archive entry ${name} fails its checksum.`, damaged);
    if (name === PROJECT_JSON) json = bytes;
    else entries.set(name, bytes);
  }
  if (!json)
    throw new ProjectError(
      'foreign',
      'This archive is not a LeviTor project (it has no project.json).',
      'Open a .levitor file saved by LeviTor Studio.',
    );
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
  return { doc: migrateProject(raw), entries };
}
