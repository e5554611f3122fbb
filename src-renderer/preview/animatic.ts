/**
 * The 2.5D animatic: each moving object's pixels carried by the control signal's 3D move (spec section 5,
 * src-shared/control/splat.ts): translate by the trajectory offset, then project about the image centre
 * with s = Z / (Z + dd), where Z is the object's depth at frame 0 (here one reference depth per object:
 * the mean of its pixels' Z0) and dd = d_t - d_0 the trajectory depth change. Occlusion is the control
 * signal's: an object pixel shows where the scene depth is greater than the object's trajectory depth
 * d_t, and objects are drawn in id order, so an earlier id wins ties. Pure: runs in the preview worker.
 */

export interface MoverTrack {
  readonly id: number;
  /** interpolated per-frame x, y (pixels at the generation size) and LeviTor depth, float64 [F] */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly d: Float64Array;
}

/** Maps an image point p to s * p + t (the same s for x and y). */
export interface Similarity {
  readonly s: number;
  readonly tx: number;
  readonly ty: number;
}

/** Frame i's transform of a mover whose pixels have reference depth zRef, at a W x H generation size. */
export function moverTransform(t: MoverTrack, i: number, zRef: number, W: number, H: number): Similarity {
  const dx = (t.x[i] as number) - (t.x[0] as number);
  const dy = (t.y[i] as number) - (t.y[0] as number);
  const dd = (t.d[i] as number) - (t.d[0] as number);
  const s = zRef / (zRef + dd);
  // u = W/2 + (x + dx - W/2) * s  =>  u = s*x + (W/2 + (dx - W/2) * s)
  return { s, tx: W / 2 + (dx - W / 2) * s, ty: H / 2 + (dy - H / 2) * s };
}

export interface AnimaticInput {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  /** the image at the generation size, RGBA [H, W, 4] */
  readonly rgba: Uint8ClampedArray;
  /** merged id map (spec section 4), uint8 [H, W] */
  readonly merged: Uint8Array;
  /** scene depth Z0, float64 [H, W] */
  readonly z0: Float64Array;
  /** moving objects, id ascending */
  readonly movers: readonly MoverTrack[];
}

/** How much of the original colour stays where a moving object left a hole (a plain, visible fill). */
export const HOLE_KEEP = 0.35;

/**
 * Frames of the animatic, RGBA [F, H, W, 4]. `reuse`: the array of an earlier call to overwrite when its
 * size matches (every byte is written), e.g. once its bitmaps have been made.
 */
export function renderAnimatic(
  inp: AnimaticInput,
  reuse?: Uint8ClampedArray<ArrayBuffer>,
): Uint8ClampedArray<ArrayBuffer> {
  const { width: W, height: H, frames: F, rgba, merged, z0, movers } = inp;
  const n = W * H;
  const isMover = new Uint8Array(256);
  for (const m of movers) isMover[m.id] = 1;
  // background: the still image with the movers' original areas dimmed; its depth as motion.ts's zInit
  const background = new Uint8ClampedArray(rgba);
  const zInit = new Float64Array(n);
  const sum = new Float64Array(256);
  const count = new Float64Array(256);
  const box = movers.map(() => [W, H, -1, -1] as [number, number, number, number]);
  const slot = new Int16Array(256).fill(-1);
  movers.forEach((m, j) => (slot[m.id] = j));
  for (let p = 0; p < n; p++) {
    const v = merged[p] as number;
    const inRegion = v === 0 || isMover[v] === 1;
    zInit[p] = inRegion ? 1 : (z0[p] as number);
    if (isMover[v] !== 1) continue;
    sum[v] = (sum[v] as number) + Math.fround(z0[p] as number);
    count[v] = (count[v] as number) + 1;
    const b = box[slot[v] as number] as [number, number, number, number];
    const x = p % W;
    const y = (p - x) / W;
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x);
    b[3] = Math.max(b[3], y);
    for (let c = 0; c < 3; c++) background[4 * p + c] = (rgba[4 * p + c] as number) * HOLE_KEEP;
  }
  const out = reuse?.length === F * n * 4 ? reuse : new Uint8ClampedArray(F * n * 4);
  const srcCol = new Int32Array(W); // source column of each destination column, per mover and frame
  const zs = new Float64Array(n);
  for (let i = 0; i < F; i++) {
    const frame = out.subarray(i * n * 4, (i + 1) * n * 4);
    frame.set(background);
    zs.set(zInit);
    movers.forEach((m, j) => {
      const c = count[m.id] as number;
      const b = box[j] as [number, number, number, number];
      if (c === 0) return;
      const tr = moverTransform(m, i, (sum[m.id] as number) / c, W, H);
      const di = m.d[i] as number;
      // destination box: the source box (pixel edges) through the transform, clipped to the image
      const u0 = Math.max(0, Math.floor(tr.s * b[0] + tr.tx));
      const u1 = Math.min(W - 1, Math.ceil(tr.s * (b[2] + 1) + tr.tx));
      const v0 = Math.max(0, Math.floor(tr.s * b[1] + tr.ty));
      const v1 = Math.min(H - 1, Math.ceil(tr.s * (b[3] + 1) + tr.ty));
      for (let col = u0; col <= u1; col++) srcCol[col] = Math.floor((col + 0.5 - tr.tx) / tr.s);
      for (let row = v0; row <= v1; row++) {
        const sy = Math.floor((row + 0.5 - tr.ty) / tr.s);
        if (sy < 0 || sy >= H) continue;
        for (let col = u0; col <= u1; col++) {
          const sx = srcCol[col] as number;
          if (sx < 0 || sx >= W) continue;
          const src = sy * W + sx;
          if (merged[src] !== m.id) continue;
          const q = row * W + col;
          if (!((zs[q] as number) > di)) continue; // something nearer (or an earlier id at equal depth)
          zs[q] = di;
          frame[4 * q] = rgba[4 * src] as number;
          frame[4 * q + 1] = rgba[4 * src + 1] as number;
          frame[4 * q + 2] = rgba[4 * src + 2] as number;
          frame[4 * q + 3] = 255;
        }
      }
    });
  }
  return out;
}
