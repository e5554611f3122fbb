/** Pure pre-processing for the SVD pipeline (shapes in comments; all float32, C order). */
const f32 = Math.fround;

/** RGB8 interleaved [H,W,3] -> planar [3,H,W] in [0,1]. */
export function rgb8ToPlanar01(rgb: Uint8Array, width: number, height: number): Float32Array {
  const n = width * height;
  if (rgb.length !== 3 * n) throw new Error(`rgb8ToPlanar01: ${rgb.length} bytes for ${width}x${height}`);
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[c * n + i] = (rgb[3 * i + c] ?? 0) / 255;
  }
  return out;
}

/** VAE conditioning input [1,3,H,W]: image*2-1 + strength * noise (noise N(0,1), same shape). */
export function vaeInput(image01: Float32Array, noise: Float32Array, strength: number): Float32Array {
  if (noise.length !== image01.length) throw new Error('vaeInput: noise and image sizes differ');
  const s = f32(strength);
  const out = new Float32Array(image01.length);
  for (let i = 0; i < out.length; i++)
    out[i] = f32(f32((image01[i] ?? 0) * 2) - 1) + f32(s * (noise[i] ?? 0));
  return out;
}

/**
 * The denoiser's `sample` buffer [2,F,8,h,w] with the image-latent channels (4..7) filled once:
 * uncond half zeros, cond half the VAE latent [4,h,w] for every frame. Channels 0..3 are rewritten
 * every step by writeScaledLatents.
 */
export function sampleBuffer(latent: Float32Array, frames: number): Float32Array {
  const plane4 = latent.length;
  const out = new Float32Array(2 * frames * 2 * plane4);
  for (let f = 0; f < frames; f++) out.set(latent, (frames + f) * 2 * plane4 + plane4);
  return out;
}

/** sample[b,f,0:4] = latents[f] / divisor for both halves (divisor = sqrt(sigma^2 + 1)). */
export function writeScaledLatents(
  latents: Float32Array,
  divisor: number,
  frames: number,
  sample: Float32Array,
): void {
  const plane4 = latents.length / frames;
  for (let b = 0; b < 2; b++) {
    for (let f = 0; f < frames; f++) {
      const dst = (b * frames + f) * 2 * plane4;
      const src = f * plane4;
      for (let i = 0; i < plane4; i++) sample[dst + i] = (latents[src + i] ?? 0) / divisor;
    }
  }
}

/** control [F,3,H,W] -> controlnet_cond [2,F,3,H,W] (the same map for both CFG halves). */
export function controlForCfg(control: Float32Array): Float32Array {
  const out = new Float32Array(2 * control.length);
  out.set(control, 0);
  out.set(control, control.length);
  return out;
}

/** encoder_hidden_states [2,1,E]: zeros (uncond) then the image embedding. */
export function embedsForCfg(embeds: Float32Array): Float32Array {
  const out = new Float32Array(2 * embeds.length);
  out.set(embeds, embeds.length);
  return out;
}
