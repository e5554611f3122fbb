import type { SvdGraphName } from './manifest';

/** The three phases of a generation, in order; each runs its own graphs and no other phase's. */
export type SvdPhase = 'encode' | 'denoise' | 'decode';

/** Which graphs a phase runs: their sessions can go once the phase is over (runner.ts, 'per-phase'). */
export const PHASE_GRAPHS: Readonly<Record<SvdPhase, readonly SvdGraphName[]>> = {
  encode: ['imageEncoder', 'vaeEncoder'],
  denoise: ['denoiser'],
  decode: ['vaeDecoder'],
};
