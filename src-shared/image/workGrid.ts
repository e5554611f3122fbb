/**
 * The nearest-cell grid a full-size plane is reduced to when only `maxSide` pixels a side are needed (depth
 * at the work resolution): its size and, per output column / row, the source column / row it takes (the
 * centre of the cell). Shared so the inference host (which samples there) and the renderer (which reduces a
 * full-size plane) pick the same pixels.
 */
/** Depth work resolution: the longest side of the depth maps the studio keeps (DepthEdit's contract). */
export const DEPTH_WORK_SIDE = 1024;

export interface WorkGrid {
  width: number;
  height: number;
  cols: Int32Array;
  rows: Int32Array;
}

export function workGrid(w: number, h: number, maxSide: number): WorkGrid {
  const k = Math.min(1, maxSide / Math.max(w, h));
  const W = k === 1 ? w : Math.max(1, Math.round(w * k));
  const H = k === 1 ? h : Math.max(1, Math.round(h * k));
  const cols = new Int32Array(W);
  const rows = new Int32Array(H);
  for (let x = 0; x < W; x++) cols[x] = Math.min(w - 1, Math.floor(((x + 0.5) * w) / W));
  for (let y = 0; y < H; y++) rows[y] = Math.min(h - 1, Math.floor(((y + 0.5) * h) / H));
  return { width: W, height: H, cols, rows };
}
