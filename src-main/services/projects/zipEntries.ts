import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { ProjectError } from '../../../src-shared/project';
import type { EntryBound } from './bounds';

const damaged = 'The file is damaged or incomplete; open its .bak copy if there is one.';
const options: yauzl.Options = {
  lazyEntries: true,
  autoClose: false,
  validateEntrySizes: true,
  strictFileNames: true,
};

/** Opens a zip from a file or from bytes already in memory (a browser upload: nothing is written to disk). */
export function openZip(source: string | Uint8Array): Promise<yauzl.ZipFile> {
  return new Promise((res, rej) => {
    const done = (err: Error | null, zf?: yauzl.ZipFile): void => (err || !zf ? rej(err) : res(zf));
    if (typeof source === 'string') yauzl.open(source, options, done);
    else yauzl.fromBuffer(Buffer.from(source.buffer, source.byteOffset, source.byteLength), options, done);
  });
}

/** The central directory's records, in order; no entry data is read yet. */
export async function listEntries(zf: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  const list: yauzl.Entry[] = [];
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((res, rej) => {
      const settle = (run: () => void): void => {
        zf.off('entry', onEntry).off('end', onEnd).off('error', onError);
        run();
      };
      const onEntry = (e: yauzl.Entry): void => settle(() => res(e));
      const onEnd = (): void => settle(() => res(null));
      const onError = (err: Error): void => settle(() => rej(err));
      zf.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zf.readEntry();
    });
    if (!entry) return list;
    list.push(entry);
  }
}

/**
 * The bytes inflated so far across every entry of one archive, against the most the document can hold
 * (bounds.ts totalBound): counted chunk by chunk, as they arrive, so a lie stops the read at once.
 */
export class InflateBudget {
  private used = 0;
  constructor(readonly limit: number) {}

  take(bytes: number, name: string): void {
    this.used += bytes;
    if (this.used > this.limit)
      throw new ProjectError(
        'too-large',
        `The archive inflates past ${this.limit} bytes (at ${name}), more than this project can hold.`,
        damaged,
      );
  }

  get inflated(): number {
    return this.used;
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Signature (8) + IHDR length (4) + "IHDR" (4) + width, height (8) + depth, colour, compression, filter, interlace (5). */
const PNG_HEAD = 29;

/** Checks a PNG's signature and IHDR size against what its role needs; a string says what is wrong. */
export function pngHeadProblem(head: Uint8Array, want: NonNullable<EntryBound['png']>): string | null {
  if (head.length < PNG_HEAD || PNG_SIGNATURE.some((b, i) => head[i] !== b)) return 'is not a PNG image';
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (v.getUint32(12) !== 0x49484452) return 'is not a PNG image (no IHDR)';
  const w = v.getUint32(16);
  const h = v.getUint32(20);
  if (w !== want.width || h !== want.height) return `is ${w}x${h}, not ${want.width}x${want.height}`;
  // The window's mask decoder (src-renderer/project/png.ts) reads non-interlaced PNGs only: a mask main
  // accepted and the window could not decode would leave the two holding different projects.
  if (want.plain && head[28] !== 0) return 'is an interlaced PNG (masks are stored non-interlaced)';
  return null;
}

/**
 * Streams one entry into a buffer of its declared size (declared sizes were checked against the bounds;
 * no growing list of chunks), counting every chunk against the archive's budget. It stops at the first
 * chunk that proves the entry lies: more bytes than it declares, a total past the budget, a PNG whose
 * header is not one or is not the size its role needs (checked on its first 29 bytes, so a mask bomb
 * with a wrong header costs one chunk). The checksum is computed as the bytes arrive.
 */
export function readEntry(
  zf: yauzl.ZipFile,
  entry: yauzl.Entry,
  budget: InflateBudget,
  bound?: EntryBound,
): Promise<Uint8Array> {
  const name = entry.fileName;
  return new Promise((res, rej) =>
    zf.openReadStream(entry, (err, stream) => {
      if (err) return rej(err);
      const out = Buffer.allocUnsafe(entry.uncompressedSize);
      let at = 0;
      let crc = 0;
      let headChecked = !bound?.png;
      const stop = (e: Error): void => {
        stream.unpipe();
        stream.destroy();
        rej(e);
      };
      stream.on('data', (c: Buffer) => {
        try {
          if (at + c.length > out.length)
            throw new ProjectError('corrupt', `${name} holds more bytes than it declares.`, damaged);
          budget.take(c.length, name);
        } catch (e) {
          return stop(e as Error);
        }
        c.copy(out, at);
        at += c.length;
        crc = crc32(c, crc);
        if (!headChecked && bound?.png && at >= Math.min(PNG_HEAD, out.length)) {
          headChecked = true;
          const problem = pngHeadProblem(out.subarray(0, at), bound.png);
          if (problem) stop(new ProjectError('corrupt', `The archive entry ${name} ${problem}.`, damaged));
        }
      });
      stream.on('error', rej);
      stream.on('end', () => {
        if (at !== out.length) return rej(new ProjectError('corrupt', `${name} is truncated.`, damaged));
        if (!headChecked && bound?.png) {
          const problem = pngHeadProblem(out, bound.png);
          if (problem)
            return rej(new ProjectError('corrupt', `The archive entry ${name} ${problem}.`, damaged));
        }
        if (crc !== entry.crc32)
          return rej(new ProjectError('corrupt', `The archive entry ${name} fails its checksum.`, damaged));
        res(out);
      });
    }),
  );
}
