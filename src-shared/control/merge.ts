/**
 * Section 4: merge user masks and automatic masks into one uint8 id map [H*W].
 * list = user masks (creation order) + automatic masks reversed; id = (index + 1) & 255 in parity mode
 * (numpy's in-place uint8 multiply wraps: index 255 -> id 0, index 256 -> id 1).
 */
export interface MergeResult {
  /** merged id map, uint8 [H*W]; 0 = unlabelled */
  map: Uint8Array;
  /** ids present after the final drop, ascending */
  ids: number[];
  warnings: string[];
}

/** masks: 0 = outside, anything else inside; each [H*W]. autoMasks in the segmenter's order. */
export function mergeMasks(
  userMasks: readonly Uint8Array[],
  autoMasks: readonly Uint8Array[],
  width: number,
  height: number,
  parity = true,
): MergeResult {
  const n = width * height;
  const U = userMasks.length;
  const list = [...userMasks, ...[...autoMasks].reverse()];
  const warnings: string[] = [];
  if (list.length > 254)
    warnings.push(
      `${list.length} segments: the id map is 8-bit, so ${parity ? 'segments past 254 wrap onto other ids (parity mode)' : 'segments past 255 are dropped'}`,
    );
  const T = width * height * 0.001;
  const map = new Uint8Array(n);
  const area = new Float64Array(256); // current area of every id in the map
  const counts = new Float64Array(256);
  const pix = new Int32Array(n); // pixels of the current mask that survive step 1 (pix[0..np))
  for (let idx = 0; idx < list.length; idx++) {
    const mask = list[idx] as Uint8Array;
    const id = parity ? (idx + 1) & 255 : idx + 1;
    if (id > 255) break;
    const auto = idx >= U;
    let np = 0;
    let original = 0; // the original area counts every pixel of the mask
    const visit = (p: number): void => {
      original++;
      const cur = map[p] as number;
      if (auto && cur > 0 && cur <= U) return; // step 1: automatic masks never take user pixels
      pix[np++] = p;
    };
    // masks are mostly empty: skip zero words 16 bytes at a time when the buffer allows it
    let start = 0;
    if (mask.byteOffset % 4 === 0) {
      const words = new Uint32Array(mask.buffer, mask.byteOffset, n >> 2);
      const nw = words.length;
      let w = 0;
      for (; w + 4 <= nw; w += 4) {
        if (
          ((words[w] as number) |
            (words[w + 1] as number) |
            (words[w + 2] as number) |
            (words[w + 3] as number)) ===
          0
        )
          continue;
        for (let p = 4 * w; p < 4 * w + 16; p++) if (mask[p] !== 0) visit(p);
      }
      start = 4 * w;
    }
    for (let p = start; p < n; p++) if (mask[p] !== 0) visit(p);
    if (id === 0) continue; // m * 256 wrapped to zero: nothing to add
    // step 2: the overlap with existing ids goes to the dominant one or to this mask
    counts.fill(0);
    let overlap = 0;
    for (let q = 0; q < np; q++) {
      const cur = map[pix[q] as number] as number;
      if (cur !== 0) {
        counts[cur] = (counts[cur] as number) + 1;
        overlap++;
      }
    }
    let keep = np;
    if (overlap > 0) {
      let dom = 0;
      for (let v = 1; v < 256; v++) if ((counts[v] as number) > (counts[dom] as number)) dom = v;
      const existingLoses = (area[dom] as number) < original;
      for (let q = 0; q < np; q++) {
        const p = pix[q] as number;
        const cur = map[p] as number;
        if (cur === 0) continue;
        if (existingLoses) {
          map[p] = 0;
          area[cur] = (area[cur] as number) - 1;
        } else keep--;
      }
      if (!existingLoses) {
        let w = 0;
        for (let q = 0; q < np; q++) if (map[pix[q] as number] === 0) pix[w++] = pix[q] as number;
        np = w;
      }
    }
    // step 3: add only if more than T pixels remain
    if (keep > T) {
      for (let q = 0; q < np; q++) map[pix[q] as number] = id;
      area[id] = (area[id] as number) + np;
    }
  }
  // final drop of every id with area <= T
  const ids: number[] = [];
  for (let v = 1; v < 256; v++) if ((area[v] as number) > 0 && (area[v] as number) <= T) area[v] = -1;
  for (let p = 0; p < n; p++) if ((area[map[p] as number] as number) < 0) map[p] = 0;
  for (let v = 1; v < 256; v++) if ((area[v] as number) > 0) ids.push(v);
  return { map, ids, warnings };
}
