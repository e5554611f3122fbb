// Resident memory of this process per phase of a generation (the diffusion bench, tools/gpu/generate.mjs).
// On Linux each phase's own peak: VmHWM (the peak RSS) is reset to the current RSS at every phase start by
// writing 5 to /proc/self/clear_refs (Linux >= 4.0). Elsewhere the process's peak so far
// (process.resourceUsage().maxRSS), which only grows: `peakScope` says which one a figure is.
import { readFileSync, writeFileSync } from 'node:fs';

const MiB = 1024 * 1024;

function procStatus() {
  try {
    const s = readFileSync('/proc/self/status', 'utf8');
    const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    const rss = kib('VmRSS');
    const hwm = kib('VmHWM');
    return Number.isFinite(rss) && Number.isFinite(hwm) ? { rss: rss * 1024, hwm: hwm * 1024 } : null;
  } catch {
    return null;
  }
}

function resetPeak() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Wraps a runner (SvdSessions) so that every phase end records { phase, rssMiB (after the runner's own
 * phaseDone, i.e. what the next phase starts with), peakMiB, endEpochMs }. Call `start()` right before
 * generateSvd; read `phases` after it.
 */
export function phaseMemory(runner) {
  const phases = [];
  let perPhase = false;
  const sample = () => {
    const st = procStatus();
    const rss = st?.rss ?? process.memoryUsage().rss;
    const peak = st?.hwm ?? process.resourceUsage().maxRSS * 1024;
    return { rssMiB: Math.round(rss / MiB), peakMiB: Math.round(peak / MiB) };
  };
  return {
    phases,
    get peakScope() {
      return perPhase ? 'phase' : 'process';
    },
    start() {
      phases.length = 0;
      perPhase = procStatus() !== null && resetPeak();
      return sample();
    },
    runner: {
      run: (name, feeds) => runner.run(name, feeds),
      phaseDone: async (phase) => {
        await runner.phaseDone?.(phase);
        phases.push({ phase, ...sample(), endEpochMs: Date.now() });
        if (perPhase) resetPeak();
      },
    },
  };
}

/** "encode peak 201 after 201 | denoise peak ..." (MiB), one line per generation. */
export const formatPhases = (phases) =>
  phases.map((p) => `${p.phase} peak ${p.peakMiB} after ${p.rssMiB}`).join(' | ');
