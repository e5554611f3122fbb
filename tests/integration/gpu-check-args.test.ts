import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The command-line parts of the GPU readiness check and the full-size check that need no GPU and no
// weights: refused arguments exit 2 with a message naming the fix, and on a machine without nvidia-smi
// the GPU check stops before it writes anything (tools/ci.d/gpu-check-dry.sh runs the whole script on
// the CPU with the tiny checkpoints).
const ROOT = join(import.meta.dirname, '..', '..');
const run = (script: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync('bash', [join(ROOT, script), ...args], { encoding: 'utf8', env, timeout: 20_000 });

describe('tools/gpu/check.sh arguments', () => {
  it.each([
    [['--size', '288by512'], /WIDTHxHEIGHT/],
    [['--steps', '0'], /whole numbers/],
    [['--frames', 'many'], /whole numbers/],
    [['--precision', 'fp8'], /fp16 or fp32/],
    [['--memory', 'never'], /per-phase or per-job/],
    [['--turbo'], /unknown argument: --turbo/],
  ])('%j is refused with exit 2', (args, message) => {
    const r = run('tools/gpu/check.sh', args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('says a CUDA GPU is needed when nvidia-smi is absent', () => {
    // PATH without nvidia-smi (only the system folders bash and coreutils live in)
    const r = run('tools/gpu/check.sh', [], { ...process.env, PATH: '/usr/bin:/bin' });
    if (spawnSync('bash', ['-c', 'command -v nvidia-smi'], { env: { PATH: '/usr/bin:/bin' } }).status === 0) {
      return; // a machine with nvidia-smi in /usr/bin: nothing to check here
    }
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nvidia-smi not found.*--cpu-dry-run/);
  });
});

describe('tools/export/svd/fullsize_check.sh arguments', () => {
  it('refuses a malformed size and an unknown flag', () => {
    expect(run('tools/export/svd/fullsize_check.sh', ['--size', '72']).status).toBe(2);
    const r = run('tools/export/svd/fullsize_check.sh', ['--fast']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage/);
  });
});
