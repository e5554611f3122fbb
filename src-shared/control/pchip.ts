/**
 * Section 3: scipy.interpolate.PchipInterpolator (1-D, float64) sampled at np.linspace points.
 * Derivatives: weighted harmonic mean inside (0 where slopes change sign or one is 0), the one-sided
 * three-point formula at the ends with scipy's sign rules; n = 2 is a straight line. Evaluation is PPoly's
 * power form c3 + c2*s + c1*s^2 + c0*s^3 with s = x - x_i on the interval x_i <= x < x_{i+1}.
 */

/** numpy.linspace(start, stop, num): k * step + start, last = stop exactly. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  if (num === 1) {
    out[0] = start;
    return out;
  }
  const step = (stop - start) / (num - 1);
  for (let k = 0; k < num; k++) out[k] = k * step + start;
  out[num - 1] = stop;
  return out;
}

function edge(h0: number, h1: number, m0: number, m1: number): number {
  let d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
  if (Math.sign(d) !== Math.sign(m0)) d = 0;
  else if (Math.sign(m0) !== Math.sign(m1) && Math.abs(d) > 3 * Math.abs(m0)) d = 3 * m0;
  return d;
}

export function pchipDerivatives(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const n = x.length;
  const h = new Float64Array(n - 1);
  const m = new Float64Array(n - 1);
  for (let k = 0; k < n - 1; k++) {
    h[k] = (x[k + 1] as number) - (x[k] as number);
    m[k] = ((y[k + 1] as number) - (y[k] as number)) / (h[k] as number);
  }
  const d = new Float64Array(n);
  if (n === 2) {
    d.fill(m[0] as number);
    return d;
  }
  for (let k = 1; k < n - 1; k++) {
    const m0 = m[k - 1] as number;
    const m1 = m[k] as number;
    if (Math.sign(m0) !== Math.sign(m1) || m0 === 0 || m1 === 0) continue;
    const hp = h[k - 1] as number;
    const hk = h[k] as number;
    const w1 = 2 * hk + hp;
    const w2 = hk + 2 * hp;
    d[k] = 1 / ((w1 / m0 + w2 / m1) / (w1 + w2));
  }
  d[0] = edge(h[0] as number, h[1] as number, m[0] as number, m[1] as number);
  d[n - 1] = edge(h[n - 2] as number, h[n - 3] as number, m[n - 2] as number, m[n - 3] as number);
  return d;
}

/** Interval i with x_i <= v < x_{i+1} (scipy's find_interval, closed on the right at the end). */
function findInterval(x: ArrayLike<number>, v: number): number {
  const n = x.length;
  if (v <= (x[0] as number)) return 0;
  if (v >= (x[n - 1] as number)) return n - 2;
  let i = 0;
  while (i < n - 2 && v >= (x[i + 1] as number)) i++;
  return i;
}

/** PCHIP through (x_k, y_k) evaluated at xs; x strictly increasing, n >= 2. Float64 [xs.length]. */
export function pchip(x: ArrayLike<number>, y: ArrayLike<number>, xs: ArrayLike<number>): Float64Array {
  const d = pchipDerivatives(x, y);
  const out = new Float64Array(xs.length);
  for (let q = 0; q < xs.length; q++) {
    const v = xs[q] as number;
    const i = findInterval(x, v);
    const dx = (x[i + 1] as number) - (x[i] as number);
    const slope = ((y[i + 1] as number) - (y[i] as number)) / dx;
    const d0 = d[i] as number;
    const d1 = d[i + 1] as number;
    const t = (d0 + d1 - 2 * slope) / dx;
    const c0 = t / dx;
    const c1 = (slope - d0) / dx - t;
    const s = v - (x[i] as number);
    // PPoly evaluation order: res += c_k * z with z = 1, s, s*s, s*s*s (z updated by multiplication).
    let res = 0;
    let z = 1;
    res = res + (y[i] as number) * z;
    z *= s;
    res = res + d0 * z;
    z *= s;
    res = res + c1 * z;
    z *= s;
    res = res + c0 * z;
    out[q] = res;
  }
  return out;
}

/** A trajectory of n clicks resampled at `frames` uniform parameters (t_k = linspace(0, 1, n)). */
export function interpolateTrack(values: ArrayLike<number>, frames: number): Float64Array {
  const n = values.length;
  if (n === 1) return new Float64Array(frames).fill(values[0] as number);
  return pchip(linspace(0, 1, n), values, linspace(0, 1, frames));
}
