/** Per-frame classifier-free guidance (docs/levitor-method.md section 8). */
const f32 = Math.fround;

/** torch.linspace(start, end, n) in float32 (first half from start, second half back from end). */
export function linspace32(start: number, end: number, n: number): Float32Array {
  const out = new Float32Array(n);
  if (n === 1) {
    out[0] = start;
    return out;
  }
  const s = f32(start);
  const e = f32(end);
  const step = f32(f32(e - s) / (n - 1));
  const half = Math.floor(n / 2);
  for (let i = 0; i < n; i++) out[i] = i < half ? f32(s + f32(step * i)) : f32(e - f32(step * (n - 1 - i)));
  return out;
}

/** Guidance scale per frame: linspace(min, max, F). */
export function frameGuidance(minGuidance: number, maxGuidance: number, frames: number): Float32Array {
  return linspace32(minGuidance, maxGuidance, frames);
}

/**
 * v [2,F,C,h,w] (uncond half first) -> out [F,C,h,w] = v_u + g[f] * (v_c - v_u).
 */
export function combineGuidance(v: Float32Array, guidance: Float32Array, out: Float32Array): void {
  const half = out.length;
  if (v.length !== 2 * half)
    throw new Error(`combineGuidance: v has ${v.length} values, expected ${2 * half}`);
  const frames = guidance.length;
  const per = half / frames;
  for (let f = 0; f < frames; f++) {
    const g = guidance[f] ?? 1;
    const end = (f + 1) * per;
    for (let i = f * per; i < end; i++) {
      const u = v[i] ?? 0;
      out[i] = u + f32(g * f32((v[half + i] ?? 0) - u));
    }
  }
}
