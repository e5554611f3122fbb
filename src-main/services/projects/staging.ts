import { ProjectError } from '../../../src-shared/project';
import { STAGE_PIECE_BYTES } from '../../../src-shared/project/ipc';

interface Staged {
  readonly parts: number;
  readonly pieces: Buffer[];
  bytes: number;
}

/**
 * Large entries of the renderer's next edit, received piece by piece (`project:stageEntry`) and taken by
 * that edit (`staged` names). Pieces come in order; piece 0 starts an entry afresh, so a push that failed
 * halfway is simply sent again. Whatever an edit does not take is dropped with it.
 */
export class EntryStaging {
  private readonly entries = new Map<string, Staged>();
  private total = 0;

  /** `maxBytes`: what all staged entries may hold together (a runaway renderer cannot fill main's memory). */
  constructor(private readonly maxBytes = 1536 << 20) {}

  /** Adds one piece; returns the entry's bytes so far. */
  put(name: string, part: number, parts: number, base64: string): number {
    let e = this.entries.get(name);
    if (part === 0) {
      if (e) this.total -= e.bytes;
      e = { parts, pieces: [], bytes: 0 };
      this.entries.set(name, e);
    }
    if (!e || e.parts !== parts || e.pieces.length !== part)
      throw new ProjectError(
        'invalid',
        `Piece ${part + 1} of ${parts} of ${name} arrived out of order.`,
        'Your work is still on screen: make another change or save again to resend it.',
      );
    const bytes = Buffer.from(base64, 'base64');
    if (part < parts - 1 && bytes.length !== STAGE_PIECE_BYTES)
      throw new ProjectError(
        'invalid',
        `Piece ${part + 1} of ${parts} of ${name} has ${bytes.length} bytes; every piece but the last has ${STAGE_PIECE_BYTES}.`,
        'This is a bug in the studio; save again, and report it if it repeats.',
      );
    if (this.total + bytes.length > this.maxBytes) {
      this.clear();
      throw new ProjectError(
        'invalid',
        `The edit's entries exceed ${Math.round(this.maxBytes / 2 ** 20)} MiB.`,
        'Use a smaller image (its depth map and masks grow with it).',
      );
    }
    e.pieces.push(bytes);
    e.bytes += bytes.length;
    this.total += bytes.length;
    return e.bytes;
  }

  /** The named entries, whole; then nothing stays staged. Refuses (and drops all) when one is incomplete. */
  take(names: readonly string[]): Map<string, Uint8Array> {
    try {
      const out = new Map<string, Uint8Array>();
      for (const name of names) {
        const e = this.entries.get(name);
        if (!e || e.pieces.length !== e.parts)
          throw new ProjectError(
            'invalid',
            `Part of the edit did not reach the studio: ${name} has ${e?.pieces.length ?? 0} of ${e?.parts ?? '?'} pieces.`,
            'Your work is still on screen: make another change or save again to resend it.',
          );
        const whole = Buffer.concat(e.pieces, e.bytes);
        out.set(name, new Uint8Array(whole.buffer, whole.byteOffset, whole.byteLength));
      }
      return out;
    } finally {
      this.clear();
    }
  }

  /** Bytes held now (all entries). */
  get bytes(): number {
    return this.total;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
