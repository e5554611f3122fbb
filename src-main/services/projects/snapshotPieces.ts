import { randomBytes } from 'node:crypto';
import { ProjectError } from '../../../src-shared/project';
import { SNAPSHOT_INLINE_BYTES, SNAPSHOT_PIECE_BYTES } from '../../../src-shared/project/ipc';

/** How long the entries of a snapshot stay fetchable, and how many snapshots at most (two tabs opening). */
const HOLD_MS = 10 * 60 * 1000;
const MAX_HELD = 4;

interface Held {
  entries: Map<string, Uint8Array>;
  /** Pieces not fetched yet; the snapshot is let go when none is left. */
  left: Set<string>;
  at: number;
}

/** A fresh copy: a view would carry its whole backing buffer through a structured clone (Electron IPC). */
const own = (v: Uint8Array): Uint8Array => new Uint8Array(v);

const piecesOf = (bytes: number): number => Math.max(1, Math.ceil(bytes / SNAPSHOT_PIECE_BYTES));

/**
 * Splits a snapshot's entries: small ones travel in the reply itself (as bytes: a structured clone in
 * Electron, a binary message in the browser host), the rest are held here and fetched piece by piece with
 * `project:snapshotPiece`, so no reply is larger than SNAPSHOT_INLINE_BYTES + one piece whatever the
 * project holds. Held entries are the project's own arrays (no copy); they are let go once every piece was
 * fetched, after HOLD_MS, or when more than MAX_HELD snapshots are waiting.
 */
export class SnapshotPieces {
  private readonly held = new Map<string, Held>();

  constructor(private readonly now: () => number = Date.now) {}

  split(list: readonly (readonly [string, Uint8Array])[]): {
    entries: Record<string, Uint8Array>;
    pieces?: { id: string; entries: { name: string; bytes: number }[] };
  } {
    const entries: Record<string, Uint8Array> = {};
    const large = new Map<string, Uint8Array>();
    let inline = 0;
    for (const [name, v] of list) {
      if (v.byteLength <= SNAPSHOT_PIECE_BYTES && inline + v.byteLength <= SNAPSHOT_INLINE_BYTES) {
        entries[name] = own(v);
        inline += v.byteLength;
      } else large.set(name, v);
    }
    if (!large.size) return { entries };
    return {
      entries,
      pieces: {
        id: this.hold(large),
        entries: [...large].map(([name, v]) => ({ name, bytes: v.byteLength })),
      },
    };
  }

  /** Piece `part` of a held entry (a copy of at most SNAPSHOT_PIECE_BYTES). */
  piece(id: string, name: string, part: number): Uint8Array {
    this.expire();
    const h = this.held.get(id);
    const v = h?.entries.get(name);
    if (!h || !v)
      throw new ProjectError(
        'not-found',
        'This project is no longer waiting to be loaded (it was replaced, or waited more than 10 minutes).',
        'Open the project again.',
      );
    if (part >= piecesOf(v.byteLength))
      throw new ProjectError('invalid', `${name} has no piece ${part}.`, 'Open the project again.');
    const start = part * SNAPSHOT_PIECE_BYTES;
    // Uint8Array's slice (a copy): a Node Buffer's own slice() is a view.
    const out = Uint8Array.prototype.slice.call(
      v,
      start,
      Math.min(v.byteLength, start + SNAPSHOT_PIECE_BYTES),
    );
    h.left.delete(`${part}:${name}`);
    if (!h.left.size) this.held.delete(id);
    return out;
  }

  /** Snapshots waiting (tests). */
  get size(): number {
    this.expire();
    return this.held.size;
  }

  private hold(entries: Map<string, Uint8Array>): string {
    this.expire();
    const left = new Set<string>();
    for (const [name, v] of entries)
      for (let p = 0; p < piecesOf(v.byteLength); p++) left.add(`${p}:${name}`);
    const id = randomBytes(12).toString('base64url');
    this.held.set(id, { entries, left, at: this.now() });
    // The oldest first (a Map keeps insertion order).
    for (const key of this.held.keys()) if (this.held.size > MAX_HELD) this.held.delete(key);
    return id;
  }

  private expire(): void {
    const t = this.now();
    for (const [id, h] of this.held) if (t - h.at > HOLD_MS) this.held.delete(id);
  }
}
