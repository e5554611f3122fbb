import type { RleMask } from './ipc';

/** [H*W] mask (> 0 inside) -> run lengths alternating outside/inside, starting with an outside run. */
export function encodeRle(data: Uint8Array, width: number, height: number): RleMask {
  const runs: number[] = [];
  let inside = false;
  let run = 0;
  for (let i = 0; i < data.length; i++) {
    const v = (data[i] as number) > 0;
    if (v === inside) run++;
    else {
      runs.push(run);
      inside = v;
      run = 1;
    }
  }
  runs.push(run);
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
  const total = m.runs.reduce((a, b) => a + b, 0);
  if (total !== n) throw new Error(`mask runs cover ${total} pixels, expected ${m.width}x${m.height}`);
  return out;
}
