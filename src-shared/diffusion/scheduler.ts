/**
 * SVD-XT's Euler scheduler (v-prediction, Karras sigmas, continuous time), float32 op by op as PyTorch /
 * diffusers' EulerDiscreteScheduler computes it, so latents match the reference to float rounding.
 */
const f32 = Math.fround;

export interface KarrasConfig {
  sigmaMin: number; // 0.002
  sigmaMax: number; // 700
  rho: number; // 7
}

export const SVD_KARRAS: KarrasConfig = { sigmaMin: 0.002, sigmaMax: 700, rho: 7 };

/** sigma_k = (max^(1/rho) + k/(n-1) (min^(1/rho) - max^(1/rho)))^rho in float64, cast to float32, then 0
 * appended: [steps + 1]. */
export function karrasSigmas(steps: number, cfg: KarrasConfig = SVD_KARRAS): Float32Array {
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`steps must be a positive integer, got ${steps}`);
  const minInv = cfg.sigmaMin ** (1 / cfg.rho);
  const maxInv = cfg.sigmaMax ** (1 / cfg.rho);
  const out = new Float32Array(steps + 1);
  for (let k = 0; k < steps; k++) {
    // numpy linspace(0, 1, n): k * (1 / (n - 1)), last element exactly 1
    const ramp = steps === 1 ? 0 : k === steps - 1 ? 1 : k * (1 / (steps - 1));
    out[k] = (maxInv + ramp * (minInv - maxInv)) ** cfg.rho;
  }
  out[steps] = 0;
  return out;
}

/** Model timestep t = 0.25 ln(sigma) in float32 from the float32 sigma: [steps]. */
export function modelTimesteps(sigmas: Float32Array): Float32Array {
  const out = new Float32Array(sigmas.length - 1);
  for (let k = 0; k < out.length; k++) out[k] = f32(0.25 * f32(Math.log(sigmas[k] ?? 1)));
  return out;
}

/** sqrt(sigma^2 + 1) in float32: the model-input divisor (and, at sigma_max, the initial noise scale for
 * "leading" timestep spacing). */
export function inputDivisor(sigma: number): number {
  return f32(Math.sqrt(f32(f32(sigma * sigma) + 1)));
}

/** initial latents = noise * sqrt(max(sigma)^2 + 1), in place. */
export function scaleInitialNoise(noise: Float32Array, sigmas: Float32Array): Float32Array {
  let max = 0;
  for (const s of sigmas) max = Math.max(max, s);
  const c = inputDivisor(max);
  for (let i = 0; i < noise.length; i++) noise[i] = f32((noise[i] ?? 0) * c);
  return noise;
}

/** dst[dstOffset + i] = x[i] / sqrt(sigma^2 + 1) (scale_model_input). */
export function scaleModelInput(x: Float32Array, sigma: number, dst: Float32Array, dstOffset = 0): void {
  const c = inputDivisor(sigma);
  for (let i = 0; i < x.length; i++) dst[dstOffset + i] = (x[i] ?? 0) / c;
}

/**
 * One Euler step for v-prediction, in place on x (no churn):
 *   x0 = v * (-sigma / sqrt(sigma^2 + 1)) + x / (sigma^2 + 1);  x' = x + (x - x0) / sigma * (sigmaNext - sigma)
 */
export function eulerVStep(x: Float32Array, v: Float32Array, sigma: number, sigmaNext: number): void {
  if (x.length !== v.length) throw new Error(`eulerVStep: x has ${x.length} values, v ${v.length}`);
  const s2p1 = f32(f32(sigma * sigma) + 1);
  const cOut = f32(-sigma / f32(Math.sqrt(s2p1)));
  const dt = f32(sigmaNext - sigma);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? 0;
    const x0 = f32(f32((v[i] ?? 0) * cOut) + f32(xi / s2p1));
    const d = f32(f32(xi - x0) / sigma);
    x[i] = xi + f32(d * dt);
  }
}
