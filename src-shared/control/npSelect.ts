/**
 * numpy 1.26 `argpartition(v, kth)` for float32 data (introselect, arg variant), written from numpy's
 * selection algorithm: selection sort when kth - low < 3, the LAST maximum when kth = n - 1 (inexact
 * types), otherwise median-of-3 pivots with an unguarded partition. The median-of-medians fallback (only
 * after 2*log2(n) unproductive rounds) is replaced by median-of-3: a documented, practically unreachable
 * difference. Only used to pick which far samples re-seed empty K-means clusters, where the order of
 * equal distances decides the result.
 */
function msb(n: number): number {
  let d = 0;
  for (let x = n >>> 1; x > 0; x >>>= 1) d++;
  return d;
}

export function argpartition(v: ArrayLike<number>, kthIn: number): Int32Array {
  const num = v.length;
  const kth = kthIn < 0 ? kthIn + num : kthIn;
  const ix = new Int32Array(num);
  for (let i = 0; i < num; i++) ix[i] = i;
  const val = (i: number): number => v[ix[i] as number] as number;
  const swap = (a: number, b: number): void => {
    const t = ix[a] as number;
    ix[a] = ix[b] as number;
    ix[b] = t;
  };
  let low = 0;
  let high = num - 1;
  if (kth - low < 3) {
    for (let i = 0; i <= kth; i++) {
      let mi = i;
      let mv = val(i);
      for (let k = i + 1; k < num; k++)
        if (val(k) < mv) {
          mi = k;
          mv = val(k);
        }
      swap(i, mi);
    }
    return ix;
  }
  if (kth === num - 1) {
    let mi = low;
    let mv = val(low);
    for (let k = low + 1; k < num; k++)
      if (!(val(k) < mv)) {
        mi = k;
        mv = val(k);
      }
    swap(kth, mi);
    return ix;
  }
  let depth = msb(num) * 2;
  while (low + 1 < high) {
    let ll = low + 1;
    let hh = high;
    const mid = low + ((high - low) >> 1);
    if (val(high) < val(mid)) swap(high, mid);
    if (val(high) < val(low)) swap(high, low);
    if (val(low) < val(mid)) swap(low, mid);
    swap(mid, low + 1);
    depth--;
    const pivot = val(low);
    for (;;) {
      do ll++;
      while (val(ll) < pivot);
      do hh--;
      while (pivot < val(hh));
      if (hh < ll) break;
      swap(ll, hh);
    }
    swap(low, hh);
    if (hh >= kth) high = hh - 1;
    if (hh <= kth) low = ll;
  }
  if (high === low + 1 && val(high) < val(low)) swap(high, low);
  void depth;
  return ix;
}
