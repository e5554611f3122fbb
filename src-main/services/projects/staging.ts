import { ProjectError } from '../../../src-shared/project';
import { STAGE_PIECE_BYTES } from '../../../src-shared/project/ipc';

interface Staged {
  readonly parts: number;
  readonly pieces: Buffer[];
  bytes: number;
}

interface Push {
  readonly startedAt: number;
  readonly entries: Map<string, Staged>;
  bytes: number;
}

const AGAIN = 'Your work is still on screen: make another change or save again to resend it.';

/**
 * Large entries of an edit the renderer is about to send, received piece by piece (`project:stageEntry`)
 * and taken by that edit (its `staged` names the push and the entries). Each push has its own id, so two
 * windows pushing at once never mix their pieces. Pieces come in order; piece 0 starts an entry afresh.
 * A push that is never taken (a window reloaded halfway) is dropped when a piece arrives after `maxAgeMs`.
 */
export class EntryStaging {
  private readonly pushes = new Map<string, Push>();
  private total = 0;

  /**
   * `maxBytes`: what all pushes may hold together (a runaway renderer cannot fill main's memory; the
   * largest entries, depth maps and masks of an 8192 px image, are a few tens of MB).
   */
  constructor(
    private readonly maxBytes = 512 << 20,
    private readonly maxAgeMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds one piece of `name` to push `push`; returns the entry's bytes so far. */
  put(push: string, name: string, part: number, parts: number, base64: string): number {
    this.expire();
    let p = this.pushes.get(push);
    if (!p) this.pushes.set(push, (p = { startedAt: this.now(), entries: new Map(), bytes: 0 }));
    let e = p.entries.get(name);
    if (part === 0) {
      if (e) this.drop(p, e);
      p.entries.set(name, (e = { parts, pieces: [], bytes: 0 }));
    }
    if (!e || e.parts !== parts || e.pieces.length !== part)
      throw new ProjectError(
        'invalid',
        `Piece ${part + 1} of ${parts} of ${name} arrived out of order.`,
        AGAIN,
      );
    const bytes = Buffer.from(base64, 'base64');
    if (part < parts - 1 && bytes.length !== STAGE_PIECE_BYTES)
      throw new ProjectError(
        'invalid',
        `Piece ${part + 1} of ${parts} of ${name} has ${bytes.length} bytes; every piece but the last has ${STAGE_PIECE_BYTES}.`,
        'This is a bug in the studio; save again, and report it if it repeats.',
      );
    if (this.total + bytes.length > this.maxBytes) {
      this.discard(push);
      throw new ProjectError(
        'invalid',
        `The edit's large entries exceed ${Math.round(this.maxBytes / 2 ** 20)} MiB.`,
        'Use a smaller image (its depth map and masks grow with it).',
      );
    }
    e.pieces.push(bytes);
    e.bytes += bytes.length;
    p.bytes += bytes.length;
    this.total += bytes.length;
    return e.bytes;
  }

  /**
   * The named entries of push `push`, whole; the push is then gone. Refuses (and drops the push) when one
   * is missing or incomplete. No push and no names: an empty map.
   */
  take(push: string | undefined, names: readonly string[]): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    const p = push === undefined ? undefined : this.pushes.get(push);
    try {
      for (const name of names) {
        const e = p?.entries.get(name);
        if (!e || e.pieces.length !== e.parts)
          throw new ProjectError(
            'invalid',
            `Part of the edit did not reach the studio: ${name} has ${e?.pieces.length ?? 0} of ${e?.parts ?? '?'} pieces.`,
            AGAIN,
          );
        const whole = Buffer.concat(e.pieces, e.bytes);
        out.set(name, new Uint8Array(whole.buffer, whole.byteOffset, whole.byteLength));
      }
      return out;
    } finally {
      if (push !== undefined) this.discard(push);
    }
  }

  /** Bytes held now (all pushes). */
  get bytes(): number {
    return this.total;
  }

  private discard(push: string): void {
    const p = this.pushes.get(push);
    if (!p) return;
    this.total -= p.bytes;
    this.pushes.delete(push);
  }

  private drop(p: Push, e: Staged): void {
    p.bytes -= e.bytes;
    this.total -= e.bytes;
  }

  private expire(): void {
    const limit = this.now() - this.maxAgeMs;
    for (const [id, p] of this.pushes) if (p.startedAt < limit) this.discard(id);
  }
}
