import { createWriteStream } from 'node:fs';
import { mkdir, statfs } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { ModelError, mapFsError, throwIfAborted } from './errors';

export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
  /** Uncompressed/compressed ratio above which a large entry is treated as a zip bomb. */
  maxRatio: number;
}

export const defaultZipLimits: ZipLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 64 * 1024 ** 3, // the largest pack is a few GB; 64 GB is absurd for a model
  maxRatio: 200,
};

export interface ExtractOptions {
  /** Maps an entry path (common top folder already stripped) to its output path, or null to skip it. */
  select?: ((path: string) => string | null) | undefined;
  limits?: Partial<ZipLimits>;
  signal?: AbortSignal | undefined;
}

interface Entry {
  entry: yauzl.Entry;
  path: string;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((res, rej) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zf) =>
      err ? rej(new ModelError('invalid', `not a readable zip: ${err.message}`, { cause: err })) : res(zf),
    ),
  );
}

async function readEntries(zf: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((res, rej) => {
    zf.on('entry', (e: yauzl.Entry) => {
      entries.push(e);
      zf.readEntry();
    });
    zf.on('end', () => res());
    // yauzl itself rejects absolute and "../" names (zip-slip) with an error here.
    zf.on('error', (e: Error) =>
      rej(new ModelError('unsafe-archive', `refused zip: ${e.message}`, { cause: e })),
    );
    zf.readEntry();
  });
  return entries;
}

/** Our own zip-slip check, independent of yauzl's: the output must stay inside `dest`. */
export function safeJoin(dest: string, rel: string): string {
  const root = resolve(dest);
  const out = resolve(root, ...rel.split('/'));
  if (rel.includes('\\') || rel.startsWith('/') || !out.startsWith(root + sep)) {
    throw new ModelError(
      'unsafe-archive',
      `refused zip: entry "${rel}" would be written outside the model folder`,
    );
  }
  return out;
}

/** Refuses up front what cannot fit, rather than filling the disk and failing half-way. */
export async function ensureFreeSpace(dir: string, bytes: number): Promise<void> {
  const free = await statfs(dir)
    .then((s) => s.bavail * s.bsize)
    .catch(() => Infinity);
  if (bytes > free) {
    throw new ModelError(
      'disk-full',
      `not enough disk space: the model needs ${bytes} bytes, ${free} are free`,
    );
  }
}

/** Drops a single top-level folder shared by every file ("sam2.1_tiny/encoder.onnx" -> "encoder.onnx"). */
function stripCommonRoot(names: string[]): string[] {
  const firsts = new Set(names.map((n) => (n.includes('/') ? n.split('/')[0] : '')));
  if (firsts.size !== 1 || firsts.has('')) return names;
  const root = [...firsts][0]!;
  return names.map((n) => n.slice(root.length + 1));
}

/** Extracts the zip's files into dest after checking names, counts and sizes. Returns output paths. */
export async function extractZip(
  zipPath: string,
  dest: string,
  opts: ExtractOptions = {},
): Promise<string[]> {
  const limits = { ...defaultZipLimits, ...opts.limits };
  const zf = await openZip(zipPath);
  try {
    const all = (await readEntries(zf)).filter((e) => !e.fileName.endsWith('/'));
    if (all.length > limits.maxEntries) {
      throw new ModelError(
        'unsafe-archive',
        `refused zip: ${all.length} entries (limit ${limits.maxEntries})`,
      );
    }
    const names = stripCommonRoot(all.map((e) => e.fileName));
    const chosen: Entry[] = [];
    all.forEach((entry, i) => {
      const mapped = opts.select ? opts.select(names[i]!) : names[i]!;
      if (mapped !== null) chosen.push({ entry, path: mapped });
    });
    let total = 0;
    for (const { entry, path } of chosen) {
      safeJoin(dest, path);
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (entry.uncompressedSize > 100 * 1024 ** 2 && ratio > limits.maxRatio) {
        throw new ModelError(
          'unsafe-archive',
          `refused zip: ${path} expands ${Math.round(ratio)}x (zip bomb?)`,
        );
      }
    }
    if (total > limits.maxTotalBytes) {
      throw new ModelError(
        'unsafe-archive',
        `refused zip: ${total} bytes uncompressed (limit ${limits.maxTotalBytes})`,
      );
    }
    await mkdir(dest, { recursive: true });
    await ensureFreeSpace(dest, total);
    const out: string[] = [];
    for (const { entry, path } of chosen) {
      throwIfAborted(opts.signal);
      const target = safeJoin(dest, path);
      await mkdir(dirname(target), { recursive: true });
      const stream = await new Promise<NodeJS.ReadableStream>((res, rej) =>
        zf.openReadStream(entry, (err, s) => (err ? rej(err) : res(s))),
      );
      try {
        await pipeline(stream, createWriteStream(target), opts.signal ? { signal: opts.signal } : {});
      } catch (e) {
        throwIfAborted(opts.signal);
        throw mapFsError(e, target);
      }
      out.push(path);
    }
    return out;
  } finally {
    zf.close();
  }
}
