import type { RleMask } from './ipc';

/** [H*W] mask (> 0 inside) -> run lengths alternating outside/inside, starting with an outside run. */
export function encodeRle(data: Uint8Array, width: number, height: number): RleMask {
  // Counted first, so the runs are one exact Uint32Array (no growing number[] for a large mask).
  let count = 1;
  for (let i = 0; i < data.length; i++)
    if ((data[i] as number) > 0 !== (i > 0 && (data[i - 1] as number) > 0)) count++;
  const runs = new Uint32Array(count);
  let k = 0;
  let inside = false;
  let run = 0;
  for (let i = 0; i < data.length; i++) {
    const v = (data[i] as number) > 0;
    if (v === inside) run++;
    else {
      runs[k++] = run;
      inside = v;
      run = 1;
    }
  }
  runs[k] = run;
  return { width, height, runs };
}

/** Run lengths -> uint8 [H*W] with 255 inside; throws when the runs do not cover the mask exactly. */
export function decodeRle(m: RleMask): Uint8Array {
  const n = m.width * m.height;
  const out = new Uint8Array(n);
  let at = 0;
  let inside = false;
  for (const r of m.runs) {
    if (at + r > n) break;
    if (inside) out.fill(255, at, at + r);
    at += r;
    inside = !inside;
  }
  let total = 0;
  for (const r of m.runs) total += r;
  if (total !== n) throw new Error(`mask runs cover ${total} pixels, expected ${m.width}x${m.height}`);
  return out;
}
