import { SNAPSHOT_PIECE_BYTES, type ProjectSnapshot } from '../../src-shared/project/ipc';

export type FetchPiece = (req: { id: string; name: string; part: number }) => Promise<{ bytes: Uint8Array }>;

/**
 * A snapshot with every entry in `entries`: the large ones main listed in `pieces` are fetched piece by
 * piece (each its own request, so no message grows with the project) into one array per entry. A piece
 * of the wrong size fails the load; the caller keeps the document on screen.
 */
export async function completeSnapshot(
  snap: ProjectSnapshot,
  fetchPiece: FetchPiece,
): Promise<ProjectSnapshot> {
  if (!snap.pieces) return snap;
  const entries = { ...snap.entries };
  const { id } = snap.pieces;
  for (const { name, bytes } of snap.pieces.entries) {
    const out = new Uint8Array(bytes);
    const parts = Math.max(1, Math.ceil(bytes / SNAPSHOT_PIECE_BYTES));
    for (let part = 0; part < parts; part++) {
      const piece = (await fetchPiece({ id, name, part })).bytes;
      const start = part * SNAPSHOT_PIECE_BYTES;
      const want = Math.min(SNAPSHOT_PIECE_BYTES, bytes - start);
      if (piece.byteLength !== want)
        throw new Error(`Piece ${part} of ${name} holds ${piece.byteLength} bytes, expected ${want}.`);
      out.set(piece, start);
    }
    entries[name] = out;
  }
  const { pieces: _done, ...rest } = snap;
  return { ...rest, entries };
}
