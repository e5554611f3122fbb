import { StudioError } from '../../../src-shared/ipc/contract';
import { currentScope } from '../files/scope';
import {
  UPLOAD_BLOB,
  UPLOAD_MAX_BYTES,
  UPLOAD_PIECE_BYTES,
  UPLOADS_TOTAL_BYTES,
} from '../../../src-shared/ipc/upload';

interface Entry {
  readonly parts: number;
  readonly pieces: Uint8Array[];
  bytes: number;
}

interface Upload {
  readonly scope: string;
  readonly startedAt: number;
  readonly entries: Map<string, Entry>;
  bytes: number;
}

const AGAIN = 'Try again; your work is still on screen.';

/**
 * Bytes the renderer sends ahead of the request that uses them (`upload:piece`, src-shared/ipc/upload.ts),
 * held until that request takes them. Each upload has its own id, so two windows sending at once never
 * mix their pieces; an upload holds named entries (a project edit's large entries, or the one UPLOAD_BLOB
 * of a file). Pieces come in order; piece 0 starts an entry afresh. Main's memory is bounded: one upload
 * holds at most `maxPerUpload`, all together `maxBytes`; an upload never taken (a window reloaded halfway)
 * is dropped when a piece arrives after `maxAgeMs`. An upload belongs to the connection it came on (the
 * request's scope, services/files/scope.ts, as file handles do): another window or socket cannot take it
 * by its id, and it goes when its connection closes (`dropScope`).
 */
export class UploadStore {
  private readonly uploads = new Map<string, Upload>();
  private total = 0;

  constructor(
    private readonly maxBytes = UPLOADS_TOTAL_BYTES,
    private readonly maxAgeMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxPerUpload = UPLOAD_MAX_BYTES,
  ) {}

  /** Adds one piece of `name` to upload `id` (copied: the message it came in is not kept); the entry's bytes so far. */
  put(upload: string, name: string, part: number, parts: number, bytes: Uint8Array): number {
    this.expire();
    const id = key(upload);
    let u = this.uploads.get(id);
    if (!u)
      this.uploads.set(
        id,
        (u = { scope: currentScope(), startedAt: this.now(), entries: new Map(), bytes: 0 }),
      );
    let e = u.entries.get(name);
    if (part === 0) {
      if (e) this.dropEntry(u, e);
      u.entries.set(name, (e = { parts, pieces: [], bytes: 0 }));
    }
    if (!e || e.parts !== parts || e.pieces.length !== part)
      throw new StudioError(
        'upload/out-of-order',
        `Piece ${part + 1} of ${parts} of ${name} arrived out of order. ${AGAIN}`,
      );
    if (part < parts - 1 && bytes.byteLength !== UPLOAD_PIECE_BYTES)
      throw new StudioError(
        'upload/bad-piece',
        `Piece ${part + 1} of ${parts} of ${name} has ${bytes.byteLength} bytes; every piece but the last has ${UPLOAD_PIECE_BYTES}. This is a bug in the studio; report it if it repeats.`,
      );
    if (u.bytes + bytes.byteLength > this.maxPerUpload || this.total + bytes.byteLength > this.maxBytes) {
      this.drop(id);
      const perUpload = u.bytes + bytes.byteLength > this.maxPerUpload;
      throw new StudioError(
        'upload/too-large',
        perUpload
          ? `The data sent exceeds the ${mib(this.maxPerUpload)} MiB one transfer may hold. Use a smaller file or image.`
          : `The studio is already receiving ${mib(this.total)} MiB (at most ${mib(this.maxBytes)} MiB at once). Wait for the other transfer to finish, then try again.`,
      );
    }
    e.pieces.push(new Uint8Array(bytes));
    e.bytes += bytes.byteLength;
    u.bytes += bytes.byteLength;
    this.total += bytes.byteLength;
    return e.bytes;
  }

  /**
   * The named entries of upload `id`, whole; the upload is then gone. Refuses (and drops the upload) when
   * one is missing or incomplete. No upload and no names: an empty map.
   */
  take(upload: string | undefined, names: readonly string[]): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    const id = upload === undefined ? undefined : key(upload);
    const u = id === undefined ? undefined : this.uploads.get(id);
    try {
      for (const name of names) {
        const e = u?.entries.get(name);
        if (!e || e.pieces.length !== e.parts)
          throw new StudioError(
            'upload/incomplete',
            `Part of the data did not reach the studio: ${name} has ${e?.pieces.length ?? 0} of ${e?.parts ?? '?'} pieces. ${AGAIN}`,
          );
        out.set(name, e.pieces.length === 1 ? (e.pieces[0] as Uint8Array) : join(e.pieces, e.bytes));
      }
      return out;
    } finally {
      if (id !== undefined) this.drop(id);
    }
  }

  /** The one blob of a single-file upload (UPLOAD_BLOB). */
  takeBlob(id: string): Uint8Array {
    return this.take(id, [UPLOAD_BLOB]).get(UPLOAD_BLOB) as Uint8Array;
  }

  /** Drops upload `upload` of this connection; whether there was one. */
  discard(upload: string): boolean {
    return this.drop(key(upload));
  }

  /** Drops every upload of connection `scope` (a window or socket closed). */
  dropScope(scope: string): void {
    for (const [id, u] of this.uploads) if (u.scope === scope) this.drop(id);
  }

  private drop(id: string): boolean {
    const u = this.uploads.get(id);
    if (!u) return false;
    this.total -= u.bytes;
    this.uploads.delete(id);
    return true;
  }

  /** Bytes held now (all uploads). */
  get bytes(): number {
    return this.total;
  }

  private dropEntry(u: Upload, e: Entry): void {
    u.bytes -= e.bytes;
    this.total -= e.bytes;
  }

  private expire(): void {
    const limit = this.now() - this.maxAgeMs;
    for (const [id, u] of this.uploads) if (u.startedAt < limit) this.drop(id);
  }
}

/** The store's key: the connection, then the page's id (which cannot hold a newline). */
const key = (upload: string): string => `${currentScope()}\n${upload}`;

const mib = (n: number): number => Math.round(n / 2 ** 20);

/**
 * The pieces as one array with its own 8-aligned buffer (depth maps are read as float32 in place). Each
 * piece leaves the list once copied, so the collector may free it before the last is copied.
 */
function join(pieces: Uint8Array[], bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let o = 0;
  for (let p = pieces.shift(); p; p = pieces.shift()) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}
