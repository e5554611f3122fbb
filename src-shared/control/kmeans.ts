/**
 * scikit-learn 1.5.0 KMeans(n_clusters=K, init=<array>, n_init=1), Lloyd, single-threaded, float32 data,
 * reproduced rounding by rounding (every float32 op is a Math.fround):
 * - tol = f32(mean(var(X, axis=0)) * f32(1e-4)) on the uncentred X; X and init centred on X.mean(0)
 *   (sequential float32 sums);
 * - E-step: dist_j = f32(|c_j|^2 - f32(2 * dot)), dot = f32(x1*c1 + f32(x0*c0)) (sgemm's FMA, done in
 *   float64 = exact product + one rounding), first argmin;
 * - M-step: sequential float32 sums per cluster, empty clusters re-seeded from the farthest samples in
 *   numpy argpartition order, centre = f32(sum * f32(1 / count));
 * - stop on identical labels or sum of squared centre shifts <= tol, at most 300 iterations;
 *   centres + mean at the end. The final label pass does not move centres, so it is skipped.
 * Returns centres float32 [K*2] (row, col).
 */
import { argpartition } from './npSelect';

const f32 = Math.fround;

/** X: float32 [n*2] (row, col) in sample order; init: float32 [K*2]. */
export function kmeansLloyd(X: Float32Array, init: Float32Array, maxIter = 300): Float32Array {
  const n = X.length / 2;
  const K = init.length / 2;
  // tolerance on the uncentred data
  const [s0, s1] = sums(X);
  const m0 = f32(s0 / n);
  const m1 = f32(s1 / n);
  const tol = tolerance(X, m0, m1);
  // centre the data (the same mean)
  const x = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = (X[2 * i] as number) - m0;
    x[2 * i + 1] = (X[2 * i + 1] as number) - m1;
  }
  if (K === 1) return singleCentre(x, m0, m1);
  let c = new Float32Array(2 * K);
  for (let j = 0; j < K; j++) {
    c[2 * j] = (init[2 * j] as number) - m0;
    c[2 * j + 1] = (init[2 * j + 1] as number) - m1;
  }
  let cn = new Float32Array(2 * K);
  const labels = new Int32Array(n).fill(-1);
  const norms = new Float64Array(K);
  const count = new Float64Array(K);
  const cx = new Float64Array(K);
  const cy = new Float64Array(K);
  for (let it = 0; it < maxIter; it++) {
    for (let j = 0; j < K; j++) {
      const a = c[2 * j] as number;
      const b = c[2 * j + 1] as number;
      cx[j] = a;
      cy[j] = b;
      norms[j] = f32(f32(a * a) + f32(b * b));
    }
    cn.fill(0);
    count.fill(0);
    // labels unchanged from the previous iteration (they start at -1: the first pass always differs)
    const step: Step = { x, K, cx, cy, norms, labels, cn, count };
    const same = !(K <= 4 ? assignSmallK(step) : assignAnyK(step));
    relocateEmpty(x, c, cn, count, labels);
    const shift = averageSums(c, cn, count);
    [c, cn] = [cn, c];
    if (same || shift <= tol) break;
  }
  const out = new Float32Array(2 * K);
  for (let j = 0; j < K; j++) {
    out[2 * j] = (c[2 * j] as number) + m0;
    out[2 * j + 1] = (c[2 * j + 1] as number) + m1;
  }
  return out;
}

/** f32(mean(var(X, axis=0)) * 1e-4) on the uncentred data, sequential float32 sums. */
function tolerance(X: Float32Array, m0: number, m1: number): number {
  const n = X.length / 2;
  let v0 = 0;
  let v1 = 0;
  for (let i = 0; i < n; i++) {
    const a = f32((X[2 * i] as number) - m0);
    const b = f32((X[2 * i + 1] as number) - m1);
    v0 = f32(v0 + f32(a * a));
    v1 = f32(v1 + f32(b * b));
  }
  return f32(f32(f32(f32(v0 / n) + f32(v1 / n)) / 2) * f32(1e-4));
}

/**
 * M-step end: the sums in `cn` become the new centres (f32(sum * f32(1 / count)), empty clusters kept);
 * returns the float32 sum of squared shifts from the old centres `c`.
 */
function averageSums(c: Float32Array, cn: Float32Array, count: Float64Array): number {
  let shift = 0;
  for (let j = 0; j < count.length; j++) {
    const w = count[j] as number;
    if (w > 0) {
      const alpha = f32(1 / w);
      cn[2 * j] = f32((cn[2 * j] as number) * alpha);
      cn[2 * j + 1] = f32((cn[2 * j + 1] as number) * alpha);
    }
    const d0 = f32((cn[2 * j] as number) - (c[2 * j] as number));
    const d1 = f32((cn[2 * j + 1] as number) - (c[2 * j + 1] as number));
    const sj = f32(Math.sqrt(f32(f32(d0 * d0) + f32(d1 * d1))));
    shift = f32(shift + f32(sj * sj));
  }
  return shift;
}

/** sklearn's _relocate_empty_clusters_dense: empty clusters take the samples farthest from their centre. */
function relocateEmpty(
  x: Float32Array,
  cOld: Float32Array,
  cNew: Float32Array,
  count: Float64Array,
  labels: Int32Array,
): void {
  const empty: number[] = [];
  for (let j = 0; j < count.length; j++) if (count[j] === 0) empty.push(j);
  if (empty.length === 0) return;
  const n = labels.length;
  const d2 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const l = labels[i] as number;
    const a = f32((x[2 * i] as number) - (cOld[2 * l] as number));
    const b = f32((x[2 * i + 1] as number) - (cOld[2 * l + 1] as number));
    d2[i] = f32(f32(a * a) + f32(b * b));
  }
  const part = argpartition(d2, -empty.length);
  empty.forEach((j, k) => {
    const far = part[n - 1 - k] as number;
    const from = labels[far] as number;
    for (let f = 0; f < 2; f++) {
      cNew[2 * from + f] = f32((cNew[2 * from + f] as number) - (x[2 * far + f] as number));
      cNew[2 * j + f] = x[2 * far + f] as number;
    }
    count[j] = 1;
    count[from] = (count[from] as number) - 1;
  });
}

/**
 * K = 1: every label is 0 from the first pass on, so Lloyd's first pass already gives the final centre
 * (the second pass finds the labels unchanged and recomputes the same sums): one pass of sums, no distances.
 */
function singleCentre(x: Float32Array, m0: number, m1: number): Float32Array {
  const [a, b] = sums(x);
  const alpha = f32(1 / (x.length / 2));
  return Float32Array.of(f32(a * alpha) + m0, f32(b * alpha) + m1);
}

/** Sequential float32 sums of both coordinates. */
function sums(x: Float32Array): [number, number] {
  let a = 0;
  let b = 0;
  for (let i = 0; i < x.length; i += 2) {
    a = f32(a + (x[i] as number));
    b = f32(b + (x[i + 1] as number));
  }
  return [a, b];
}

/** One Lloyd iteration's state: data, centres (float64 copies and norms), labels and the new sums. */
interface Step {
  x: Float32Array;
  K: number;
  cx: Float64Array;
  cy: Float64Array;
  norms: Float64Array;
  labels: Int32Array;
  cn: Float32Array;
  count: Float64Array;
}

/** Sample i goes to cluster `best`: its label, and its coordinates added to the cluster's sums. */
function record(step: Step, i: number, best: number, x0: number, x1: number): boolean {
  const { labels, cn, count } = step;
  const changed = labels[i] !== best;
  labels[i] = best;
  cn[2 * best] = f32((cn[2 * best] as number) + x0);
  cn[2 * best + 1] = f32((cn[2 * best + 1] as number) + x1);
  count[best] = (count[best] as number) + 1;
  return changed;
}

/**
 * E-step: labels[i] = first argmin_j f32(|c_j|^2 - 2 * f32(x1 * c_j1 + f32(x0 * c_j0))), and the M-step's
 * sequential float32 sums per cluster. Candidates come in raster order, so the row term f32(x0 * c_j0)
 * repeats for long stretches and is computed once per row value; f32(2 * dot) is 2 * dot (doubling a
 * float32 is exact). Returns whether any label changed.
 */
function assignAnyK(step: Step): boolean {
  const { x, K, cx, cy, norms, labels } = step;
  const n = labels.length;
  const rowTerm = new Float64Array(K);
  let changed = false;
  let rowX0 = NaN;
  for (let i = 0; i < n; i++) {
    const x0 = x[2 * i] as number;
    const x1 = x[2 * i + 1] as number;
    if (x0 !== rowX0) {
      rowX0 = x0;
      for (let j = 0; j < K; j++) rowTerm[j] = f32(x0 * (cx[j] as number));
    }
    let best = 0;
    let bestD = f32((norms[0] as number) - 2 * f32(x1 * (cy[0] as number) + (rowTerm[0] as number)));
    for (let j = 1; j < K; j++) {
      const d = f32((norms[j] as number) - 2 * f32(x1 * (cy[j] as number) + (rowTerm[j] as number)));
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    if (record(step, i, best, x0, x1)) changed = true;
  }
  return changed;
}

/** assignAnyK for K = 2..4 with the centres in locals (the common case: most segments get 1 to 4 points). */
function assignSmallK(step: Step): boolean {
  const { x, K, cx, cy, norms, labels } = step;
  const n = labels.length;
  const [a0, a1, a2, a3] = [cx[0] ?? 0, cx[1] ?? 0, cx[2] ?? 0, cx[3] ?? 0];
  const [b0, b1, b2, b3] = [cy[0] ?? 0, cy[1] ?? 0, cy[2] ?? 0, cy[3] ?? 0];
  const [q0, q1, q2, q3] = [norms[0] ?? 0, norms[1] ?? 0, norms[2] ?? 0, norms[3] ?? 0];
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  let changed = false;
  let rowX0 = NaN;
  for (let i = 0; i < n; i++) {
    const x0 = x[2 * i] as number;
    const x1 = x[2 * i + 1] as number;
    if (x0 !== rowX0) {
      rowX0 = x0;
      t0 = f32(x0 * a0);
      t1 = f32(x0 * a1);
      t2 = f32(x0 * a2);
      t3 = f32(x0 * a3);
    }
    let best = 0;
    let bestD = f32(q0 - 2 * f32(x1 * b0 + t0));
    const d1 = f32(q1 - 2 * f32(x1 * b1 + t1));
    if (d1 < bestD) {
      bestD = d1;
      best = 1;
    }
    if (K > 2) {
      const d2 = f32(q2 - 2 * f32(x1 * b2 + t2));
      if (d2 < bestD) {
        bestD = d2;
        best = 2;
      }
      if (K > 3) {
        const d3 = f32(q3 - 2 * f32(x1 * b3 + t3));
        if (d3 < bestD) best = 3;
      }
    }
    if (record(step, i, best, x0, x1)) changed = true;
  }
  return changed;
}
